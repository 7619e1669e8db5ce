package dev.riffle.runner.testsupport;

import java.time.Duration;

import dev.riffle.runner.container.io.WallClock;

/** A wall clock that moves only when told to; {@link #sleep} advances it instead of waiting. Thread-safe. */
public final class ManualClock implements WallClock {

    private volatile long millis;

    /** A clock starting at {@code startMillis} (epoch milliseconds). */
    public ManualClock(final long startMillis) {
        this.millis = startMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public synchronized void sleep(final long duration) {
        millis += duration;
    }

    /** Moves the clock forward. */
    public synchronized void advance(final Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A wall clock only moves forward; got " + duration);
        }
        millis += duration.toMillis();
    }
}
