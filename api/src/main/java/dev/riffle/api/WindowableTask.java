package dev.riffle.api;

/**
 * A task that wants to be called periodically, every {@code task.window.ms} milliseconds of wall
 * clock time, also when no input arrives. Called on the task's thread, never concurrently with
 * {@code process}. Typical uses: emit an aggregate, expire old state, send a heartbeat.
 */
public interface WindowableTask {

    /**
     * Called every {@code task.window.ms}.
     *
     * @param collector sends output messages; valid only during this call
     * @param coordinator asks the runtime to commit or shut down
     * @throws Exception treated like a failure of the task: the container stops with this cause
     */
    void window(MessageCollector collector, TaskCoordinator coordinator) throws Exception;
}
