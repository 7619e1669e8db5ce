package dev.riffle.yarn.am;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The restarts one logical container may use: at most {@code yarn.container.retry.count} within any
 * {@code yarn.container.retry.window.ms}. Failures older than the window are forgotten.
 */
final class RestartBudget {

    private final int allowed;
    private final long windowMs;
    private final Deque<Long> failures = new ArrayDeque<>();
    private int total;

    RestartBudget(final int allowed, final long windowMs) {
        this.allowed = allowed;
        this.windowMs = windowMs;
    }

    /** Records a failure at {@code nowMs}; returns whether a restart is still allowed. */
    boolean tryRestart(final long nowMs) {
        while (!failures.isEmpty() && failures.peekFirst() <= nowMs - windowMs) {
            failures.removeFirst();
        }
        if (failures.size() >= allowed) {
            return false;
        }
        failures.addLast(nowMs);
        total++;
        return true;
    }

    /** Restarts used within the window ending at the last failure. */
    int recent() {
        return failures.size();
    }

    /** Restarts done since the application master started. */
    int total() {
        return total;
    }
}
