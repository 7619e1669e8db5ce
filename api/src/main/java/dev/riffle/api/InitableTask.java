package dev.riffle.api;

/**
 * A task that needs to prepare itself before its first message, for example to look up its stores
 * or read its configuration. {@link #init} is called once, on the task's thread, before any call
 * to {@code process} or {@code window}.
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
