package dev.riffle.yarn.am;

/**
 * When a running container counts as frozen: no heartbeat for {@code yarn.container.heartbeat.timeout.ms}
 * since its last one, or, for a process that has not reported to this application master yet (just
 * launched, or adopted from a previous attempt), since its start plus a start-up allowance (localising the
 * package, starting the JVM, waiting for Kafka). Heartbeats come from their own thread every 2 s, so a
 * busy or blocked run loop still reports; only a frozen or cut-off process goes silent.
 *
 * <p>A pause of the application master itself (a long GC, a stopped JVM, an overloaded host) would
 * make every container look silent at once. The coordinator's periodic check notices such a gap in its
 * own schedule and counts every container's silence from the end of the gap.
 */
final class HeartbeatTimeouts {

    private final long timeoutMs;
    private final long startupAllowanceMs;
    /** Silences are counted from no earlier than this: the AM's start, or the end of its last pause. */
    private long countFromMs;
    private long lastCheckMs;

    HeartbeatTimeouts(final long timeoutMs, final long startupAllowanceMs) {
        if (timeoutMs <= 0 || startupAllowanceMs < 0) {
            throw new IllegalArgumentException("a heartbeat timeout must be positive and a start-up allowance"
                    + " not negative, not " + timeoutMs + " and " + startupAllowanceMs);
        }
        this.timeoutMs = timeoutMs;
        this.startupAllowanceMs = startupAllowanceMs;
    }

    /** The application master starts watching at {@code nowMs}. */
    void start(final long nowMs) {
        countFromMs = nowMs;
        lastCheckMs = nowMs;
    }

    /**
     * A periodic check at {@code nowMs}; returns how long the application master itself did not run
     * before it when that gap is longer than half the timeout (silences then count from now), else 0.
     */
    long check(final long nowMs) {
        final long gap = nowMs - lastCheckMs;
        lastCheckMs = nowMs;
        if (gap > timeoutMs / 2) {
            countFromMs = nowMs;
            return gap;
        }
        return 0;
    }

    /** How long a container may stay silent: the timeout, plus the allowance before its first heartbeat. */
    long limitMs(final LogicalContainer lc) {
        return lc.lastReportMs > 0 ? timeoutMs : timeoutMs + startupAllowanceMs;
    }

    /** How long the container has been silent at {@code nowMs}, as far as this application master can tell. */
    long silenceMs(final LogicalContainer lc, final long nowMs) {
        final long since = lc.lastReportMs > 0 ? lc.lastReportMs : lc.startedMs;
        return nowMs - Math.max(since, countFromMs);
    }

    /** Whether the container is silent for longer than its limit. */
    boolean expired(final LogicalContainer lc, final long nowMs) {
        return silenceMs(lc, nowMs) > limitMs(lc);
    }
}
