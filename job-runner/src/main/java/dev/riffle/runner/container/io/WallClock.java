package dev.riffle.runner.container.io;

/**
 * The time source of the run loop: reading the wall clock and waiting. Injected so that batching by
 * wait, window timing and retry backoff can be tested with a manual clock, without sleeping.
 */
public interface WallClock {

    /** The system clock; {@link #sleep} really sleeps. */
    WallClock SYSTEM = new WallClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(final long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    /** Milliseconds since the epoch. */
    long millis();

    /** Waits {@code millis} milliseconds (a manual clock just advances). */
    void sleep(long millis) throws InterruptedException;
}
