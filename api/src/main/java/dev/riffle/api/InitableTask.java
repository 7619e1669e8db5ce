package dev.riffle.api;

/**
 * A task that needs to prepare itself before its first message, for example to look up its stores
 * or read its configuration. {@link #init} is called once per instance, on the task's thread, before
 * any call to {@code process} or {@code window}.
 *
 * <p>A task may keep in memory a view of its store that it restores here. When the runtime rewinds the
 * task to its last commit (a store outage during a batch, or a batch that failed and is isolated), it
 * closes this instance and initialises a new one, which then restores the committed state: nothing the
 * task did since the last commit survives in memory.
 */
public interface InitableTask {

    /**
     * Prepares the task.
     *
     * @param context the task's name, partition, configuration, stores and metrics
     * @throws Exception if the task cannot start; the container then fails with this cause
     */
    void init(TaskContext context) throws Exception;
}
