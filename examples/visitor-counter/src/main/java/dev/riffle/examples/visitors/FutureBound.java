package dev.riffle.examples.visitors;

import java.util.function.LongSupplier;

/**
 * Decides whether an event claims a time too far in the future to be believed
 * ({@code visitors.max.future.ms}). Pure logic apart from the clock it is given.
 *
 * <p>The reference is the time the record was written to Kafka (its record timestamp), capped by the
 * container's wall clock: {@code min(recordTs, now)}, or {@code now} when the record has no timestamp.
 * An event is in the future when {@code ts > reference + maxFutureMs}. Against the record time the
 * decision is the same however late the record is read, so replaying last month's events (or the
 * batch after a restart) accepts and rejects exactly what the first run did; the cap keeps a producer
 * whose clock runs ahead, or one that stamps records with the event time, from widening the bound.
 * There is no bound in the past direction here: old events are judged by the lateness rule only.
 */
final class FutureBound {

    private final long maxFutureMs;
    private final LongSupplier wallClock;

    /**
     * @param maxFutureMs {@code visitors.max.future.ms}, at least 0
     * @param wallClock the container's clock, epoch ms
     */
    FutureBound(long maxFutureMs, LongSupplier wallClock) {
        this.maxFutureMs = maxFutureMs;
        this.wallClock = wallClock;
    }

    /** The newest event time accepted for a record with Kafka timestamp {@code recordTs} ({@code <= 0}: none). */
    long limit(long recordTs) {
        final long now = wallClock.getAsLong();
        final long reference = recordTs > 0 ? Math.min(recordTs, now) : now;
        // Saturates instead of overflowing: settings cap the bound at a year, the clock could still be odd.
        return reference > Long.MAX_VALUE - maxFutureMs ? Long.MAX_VALUE : reference + maxFutureMs;
    }

    /** Whether event time {@code ts} is beyond {@link #limit} for its record. */
    boolean isTooFarAhead(long ts, long recordTs) {
        return ts > limit(recordTs);
    }
}
