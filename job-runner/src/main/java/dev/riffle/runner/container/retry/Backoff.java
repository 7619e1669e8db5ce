package dev.riffle.runner.container.retry;

/**
 * Exponential backoff with a cap, for retrying a store or broker that is unavailable: the first
 * delay is {@code initialMs}, each next one doubles, up to {@code maxMs}. {@link #reset} after a
 * success. Pure logic; thread-safe, so that a task and its commit thread share one sequence.
 */
public final class Backoff {

    /** 100 ms doubling up to 5 s. */
    public static Backoff standard() {
        return new Backoff(100, 5_000);
    }

    private final long initialMs;
    private final long maxMs;
    private long nextMs;
    private int attempts;

    public Backoff(final long initialMs, final long maxMs) {
        if (initialMs <= 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("Backoff needs 0 < initialMs <= maxMs, got " + initialMs + " and " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.nextMs = initialMs;
    }

    /** The delay before the next attempt; advances the sequence. */
    public synchronized long nextDelayMs() {
        final long delay = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        attempts++;
        return delay;
    }

    /** Number of delays handed out since the last reset. */
    public synchronized int attempts() {
        return attempts;
    }

    /** Starts over at the initial delay. */
    public synchronized void reset() {
        nextMs = initialMs;
        attempts = 0;
    }
}
