package dev.riffle.api;

/**
 * Lets a task influence the runtime. Both requests take effect after the current
 * {@code process} or {@code window} call returns, on the task's thread.
 */
public interface TaskCoordinator {

    /**
     * Asks for a commit (stores, then output, then input offsets) of this task as soon as the
     * current call returns, instead of waiting for {@code task.commit.ms}.
     */
    void commit();

    /**
     * Asks the container to commit every task and stop cleanly. On YARN the container then exits
     * with status 0 and is not restarted.
     */
    void shutdown();
}
