package dev.riffle.runner.container.task;

/**
 * When a task next needs the loop: {@code window()} every {@code task.window.ms} (for a windowable task), a
 * commit every {@code task.commit.ms} once there is something to commit, and the next batch of its buffer.
 * Pure logic; the caller supplies the time.
 */
final class TaskSchedule {

    private final PeriodicSchedule window;
    private final PeriodicSchedule commit;

    /**
     * @param windowMs {@code task.window.ms}, {@code -1} for a task without {@code window()}
     * @param commitMs {@code task.commit.ms}
     */
    TaskSchedule(final long windowMs, final long commitMs, final long nowMs) {
        this.window = new PeriodicSchedule(windowMs, nowMs);
        this.commit = new PeriodicSchedule(commitMs, nowMs);
    }

    boolean windowDue(final long nowMs) {
        return window.isDue(nowMs);
    }

    void windowRan(final long nowMs) {
        window.ran(nowMs);
    }

    boolean commitDue(final long nowMs) {
        return commit.isDue(nowMs);
    }

    void commitRan(final long nowMs) {
        commit.ran(nowMs);
    }

    /**
     * Milliseconds until the task needs the loop again.
     *
     * @param dirty whether the task has processed anything since its last commit
     */
    long millisUntilDue(final long nowMs, final TaskBuffer<?> buffer, final boolean dirty) {
        return Math.min(buffer.millisUntilDue(nowMs), Math.min(window.millisUntilDue(nowMs),
                dirty ? commit.millisUntilDue(nowMs) : Long.MAX_VALUE));
    }
}
