package dev.riffle.runner.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.riffle.runner.metrics.Buckets;
import dev.riffle.runner.protocol.TaskReport;

/**
 * Counters of one task's store, for the runtime to publish: backend calls, records read and written,
 * time spent in the backend, failures and retries, and per operation the latency distribution and
 * the failures. Thread-safe.
 */
public final class StoreMetrics {

    private final String store;
    private final LongAdder calls = new LongAdder();
    private final LongAdder keysRead = new LongAdder();
    private final LongAdder keysWritten = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Map<Op, Buckets> latency = new EnumMap<>(Op.class);
    private final Map<Op, LongAdder> opErrors = new EnumMap<>(Op.class);

    /** The backend operations that are timed, with the name the metrics give them. */
    public enum Op {
        GET("get"), WRITE("write"), COMMIT("commit"), CLAIM("claim"), READ_CHECKPOINT("read-checkpoint");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        /** The name in metrics ({@code op} label). */
        public String label() {
            return label;
        }
    }

    StoreMetrics(String store) {
        this.store = store;
        for (Op op : Op.values()) {
            latency.put(op, new Buckets(Buckets.SECONDS));
            opErrors.put(op, new LongAdder());
        }
    }

    void recordCall(long elapsedNanos) {
        calls.increment();
        nanos.add(elapsedNanos);
    }

    void recordCall(Op op, long elapsedNanos) {
        recordCall(elapsedNanos);
        latency.get(op).observe(elapsedNanos / 1e9);
    }

    void recordError(Op op) {
        recordError();
        opErrors.get(op).increment();
    }

    void recordRead(int keys) {
        keysRead.add(keys);
    }

    void recordCacheHits(int keys) {
        cacheHits.add(keys);
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

    /** Round trips to the backend that completed, successfully or not (each attempt once). */
    public long calls() {
        return calls.sum();
    }

    public long keysRead() {
        return keysRead.sum();
    }

    public long keysWritten() {
        return keysWritten.sum();
    }

    /** Keys read from the store's read cache ({@code stores.<name>.cache.entries}) instead of the backend. */
    public long cacheHits() {
        return cacheHits.sum();
    }

    /** Total time in backend calls, in milliseconds (the backoff between attempts is not a call). */
    public long timeMs() {
        return nanos.sum() / 1_000_000;
    }

    /** Calls that failed, each failed attempt once. */
    public long errors() {
        return errors.sum();
    }

    /** Calls that failed for a reason that may pass, each of which the task's retry layer repeats. */
    public long retries() {
        return retries.sum();
    }

    /** Per operation that was called at least once or failed: its calls, errors and latency distribution. */
    public List<TaskReport.StoreOperation> operations() {
        final List<TaskReport.StoreOperation> result = new ArrayList<>();
        for (Op op : Op.values()) {
            final Buckets b = latency.get(op);
            final long failed = opErrors.get(op).sum();
            if (b.count() == 0 && failed == 0) {
                continue;
            }
            result.add(new TaskReport.StoreOperation(op.label(), b.count(), failed, b.toHistogram()));
        }
        return result;
    }

    /** The latency distribution of one operation. */
    public Buckets latency(Op op) {
        return latency.get(op);
    }

    /** Failed calls of one operation, each failed attempt once. */
    public long errors(Op op) {
        return opErrors.get(op).sum();
    }

    @Override
    public String toString() {
        return "store " + store + ": " + calls() + " calls, " + keysRead() + " keys read, " + cacheHits()
                + " cache hits, " + keysWritten() + " keys written, " + timeMs() + " ms, " + errors() + " errors, "
                + retries() + " retries";
    }
}
