package dev.riffle.runner.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one task's store, for the runtime to publish: backend calls, records read and written,
 * time spent in the backend, failures and retries. Thread-safe.
 */
public final class StoreMetrics {

    private final String store;
    private final LongAdder calls = new LongAdder();
    private final LongAdder keysRead = new LongAdder();
    private final LongAdder keysWritten = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();

    StoreMetrics(String store) {
        this.store = store;
    }

    void recordCall(long elapsedNanos) {
        calls.increment();
        nanos.add(elapsedNanos);
    }

    void recordRead(int keys) {
        keysRead.add(keys);
    }

    void recordWrite(int keys) {
        keysWritten.add(keys);
    }

    void recordError() {
        errors.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    /** The store's name. */
    public String store() {
        return store;
    }

    /** Round trips to the backend that completed, successfully or not (retries included once). */
    public long calls() {
        return calls.sum();
    }

    public long keysRead() {
        return keysRead.sum();
    }

    public long keysWritten() {
        return keysWritten.sum();
    }

    /** Total time in backend calls, in milliseconds, retries and backoff included. */
    public long timeMs() {
        return nanos.sum() / 1_000_000;
    }

    /** Calls that failed after all retries. */
    public long errors() {
        return errors.sum();
    }

    /** Attempts repeated after a retriable failure. */
    public long retries() {
        return retries.sum();
    }

    @Override
    public String toString() {
        return "store " + store + ": " + calls() + " calls, " + keysRead() + " keys read, " + keysWritten()
                + " keys written, " + timeMs() + " ms, " + errors() + " errors, " + retries() + " retries";
    }
}
