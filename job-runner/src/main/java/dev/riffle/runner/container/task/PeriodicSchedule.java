package dev.riffle.runner.container.task;

/**
 * A deadline that repeats every {@code period} milliseconds of wall clock: used for {@code window()}
 * ({@code task.window.ms}) and for periodic commits ({@code task.commit.ms}). A period of zero or
 * less means "never due". Pure logic; the caller supplies the time.
 */
final class PeriodicSchedule {

    private final long periodMs;
    private long nextDueMs;

    /**
     * @param periodMs the period; {@code <= 0} disables the schedule
     * @param startMs the time the schedule starts; first due at {@code startMs + periodMs}
     */
    public PeriodicSchedule(final long periodMs, final long startMs) {
        this.periodMs = periodMs;
        this.nextDueMs = periodMs > 0 ? startMs + periodMs : Long.MAX_VALUE;
    }

    /** Whether the deadline has passed at {@code nowMs}. */
    public boolean isDue(final long nowMs) {
        return nowMs >= nextDueMs;
    }

    /**
     * Records that the periodic action ran at {@code nowMs}. The next deadline keeps the original
     * cadence when the action was on time, and restarts from {@code nowMs} when it fell more than a
     * whole period behind (so a stalled loop does not fire a burst of catch-up calls).
     */
    public void ran(final long nowMs) {
        if (periodMs <= 0) {
            return;
        }
        nextDueMs += periodMs;
        if (nextDueMs <= nowMs) {
            nextDueMs = nowMs + periodMs;
        }
    }

    /** Restarts the period from {@code nowMs} (after an out-of-schedule run, e.g. a requested commit). */
    public void restart(final long nowMs) {
        if (periodMs > 0) {
            nextDueMs = nowMs + periodMs;
        }
    }

    /** Milliseconds until the deadline ({@code 0} when due, {@link Long#MAX_VALUE} when disabled). */
    public long millisUntilDue(final long nowMs) {
        return nextDueMs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, nextDueMs - nowMs);
    }

    /** Whether the schedule ever fires. */
    public boolean enabled() {
        return periodMs > 0;
    }
}
