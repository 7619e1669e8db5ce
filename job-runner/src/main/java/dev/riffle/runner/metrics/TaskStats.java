package dev.riffle.runner.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.riffle.api.TaskMetrics;
import dev.riffle.runner.protocol.TaskReport;
import dev.riffle.runner.store.StoreMetrics;

/**
 * The metrics of one task: what the runtime measures (records, batches, process and commit time,
 * dead-lettered and skipped records, consumer lag of the task's partitions) and what the task itself
 * counts through {@link TaskMetrics}.
 *
 * <p>The runtime's numbers are written by the container's loop thread only, once per batch or commit
 * (never per record), and read by any thread through {@link #snapshot}.
 */
public final class TaskStats implements TaskMetrics {

    private static final long RATE_INTERVAL_MS = 1_000;
    /** Most distinct dead-letter reasons kept apart; the rest count under {@link #OTHER_REASON}. */
    static final int MAX_REASONS = 32;
    static final String OTHER_REASON = "other";

    private final String taskName;
    private volatile long records;
    private volatile long batches;
    private volatile long batchMin = Long.MAX_VALUE;
    private volatile long batchMax;
    private volatile long processNanos;
    private volatile long processNanosMax;
    private volatile long commits;
    private volatile long commitNanos;
    private volatile long commitNanosMax;
    private volatile long windows;
    private volatile long deadLettered;
    private volatile long skipped;
    private volatile long retries;
    private volatile long bufferedBytes;
    private volatile long bufferedBytesPeak;
    private volatile long pauses;
    private final AtomicLong outputsFailed = new AtomicLong();
    private final AtomicLong deadLettersFailed = new AtomicLong();
    private final Map<String, AtomicLong> sendFailureReasons = new ConcurrentHashMap<>();
    private volatile double recordsPerSecond;
    private long rateStartMs = -1;
    private long rateStartRecords;
    private final Map<String, Long> lag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetterReasons = new ConcurrentHashMap<>();
    private final Buckets batchSizes = new Buckets(Buckets.RECORDS);
    private final Buckets processSeconds = new Buckets(Buckets.SECONDS);
    private final Buckets commitSeconds = new Buckets(Buckets.SECONDS);
    private volatile Supplier<Map<String, StoreMetrics>> stores = Map::of;

    public TaskStats(final String taskName) {
        this.taskName = taskName;
    }

    /** The task's name. */
    public String taskName() {
        return taskName;
    }

    /** A batch of {@code size} records was processed in {@code nanos}. */
    public void batchProcessed(final int size, final long nanos) {
        records += size;
        batches++;
        if (size < batchMin) {
            batchMin = size;
        }
        if (size > batchMax) {
            batchMax = size;
        }
        processNanos += nanos;
        if (nanos > processNanosMax) {
            processNanosMax = nanos;
        }
        batchSizes.observe(size);
        processSeconds.observe(nanos / 1e9);
    }

    /** A commit took {@code nanos}. */
    public void committed(final long nanos) {
        commits++;
        commitNanos += nanos;
        if (nanos > commitNanosMax) {
            commitNanosMax = nanos;
        }
        commitSeconds.observe(nanos / 1e9);
    }

    /** {@code window()} was called. */
    public void windowed() {
        windows++;
    }

    /** A record went to the dead-letter topic. */
    public void deadLettered() {
        deadLettered++;
    }

    /** A record went to the dead-letter topic for {@code reason} (e.g. {@code late}, {@code deserialization}). */
    public void deadLettered(final String reason) {
        deadLettered();
        final String key = reason == null || reason.isBlank() ? "unknown" : reason;
        AtomicLong counter = deadLetterReasons.get(key);
        if (counter == null) {
            // Reasons come from task code; cap them so a reason carrying an id cannot grow the map forever.
            counter = deadLetterReasons.size() < MAX_REASONS
                    ? deadLetterReasons.computeIfAbsent(key, k -> new AtomicLong())
                    : deadLetterReasons.computeIfAbsent(OTHER_REASON, k -> new AtomicLong());
        }
        counter.incrementAndGet();
    }

    /** Where to read the task's store metrics from (the task's stores are opened after its stats). */
    public void stores(final Supplier<Map<String, StoreMetrics>> storeMetrics) {
        this.stores = storeMetrics;
    }

    /** A record was skipped under {@code task.error.policy=skip}. */
    public void skipped() {
        skipped++;
    }

    /** The bytes of polled records the task holds now, and the most it ever held (its buffer's own count). */
    public void buffered(final long bytes, final long peakBytes) {
        bufferedBytes = bytes;
        bufferedBytesPeak = peakBytes;
    }

    /** The task's partitions were paused because its buffer was full (by records or by bytes). */
    public void paused() {
        pauses++;
    }

    /** The most bytes of polled records the task held at once. */
    public long bufferedBytesPeak() {
        return bufferedBytesPeak;
    }

    /**
     * A record of this task could never be sent (too large, missing topic, not authorised), and was
     * dropped or stopped the container as {@code task.error.policy} says.
     *
     * @param deadLetter whether the record was a dead letter
     * @param reason why, e.g. {@code record-too-large}, {@code unknown-topic}, {@code authorization}
     */
    public void sendFailed(final boolean deadLetter, final String reason) {
        (deadLetter ? deadLettersFailed : outputsFailed).incrementAndGet();
        sendFailureReasons.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Outputs that could never be sent. */
    public long outputsFailed() {
        return outputsFailed.get();
    }

    /** Dead letters that could never be sent. */
    public long deadLettersFailed() {
        return deadLettersFailed.get();
    }

    /** Records that could never be sent, per reason. */
    public Map<String, Long> sendFailuresByReason() {
        return values(sendFailureReasons);
    }

    /** How often the task's partitions were paused. */
    public long pauses() {
        return pauses;
    }

    /** A store or broker operation is being retried after a backoff. */
    public synchronized void retried() {
        retries++;
    }

    /** Records the consumer lag of one partition. */
    public void lag(final String topicPartition, final long records) {
        lag.put(topicPartition, records);
    }

    /** Updates records/s; call regularly from the loop thread. */
    public void tick(final long nowMs) {
        if (rateStartMs < 0) {
            rateStartMs = nowMs;
            rateStartRecords = records;
            return;
        }
        final long elapsed = nowMs - rateStartMs;
        if (elapsed >= RATE_INTERVAL_MS) {
            recordsPerSecond = (records - rateStartRecords) * 1000.0 / elapsed;
            rateStartMs = nowMs;
            rateStartRecords = records;
        }
    }

    /** Records processed so far. */
    public long records() {
        return records;
    }

    /** Records sent to the dead-letter topic so far. */
    public long deadLetteredCount() {
        return deadLettered;
    }

    /** Records skipped so far. */
    public long skippedCount() {
        return skipped;
    }

    /** Commits so far. */
    public long commits() {
        return commits;
    }

    /** {@code window()} calls so far. */
    public long windows() {
        return windows;
    }

    /** A task-defined counter, 0 if never incremented. */
    public long counter(final String name) {
        final AtomicLong c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** Every task-defined counter ({@link TaskMetrics#increment}), by name. */
    public Map<String, Long> counters() {
        return values(counters);
    }

    /** Every task-defined gauge ({@link TaskMetrics#gauge}), by name. */
    public Map<String, Long> gauges() {
        return values(gauges);
    }

    private static Map<String, Long> values(final Map<String, AtomicLong> numbers) {
        final Map<String, Long> result = new TreeMap<>();
        numbers.forEach((k, v) -> result.put(k, v.get()));
        return result;
    }

    @Override
    public void increment(final String name, final long delta) {
        counters.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(delta);
    }

    @Override
    public void gauge(final String name, final long value) {
        gauges.computeIfAbsent(name, n -> new AtomicLong()).set(value);
    }

    /** Dead-lettered records per reason. */
    public Map<String, Long> deadLetteredByReason() {
        return values(deadLetterReasons);
    }

    /** Batch sizes in records. */
    public Buckets batchSizes() {
        return batchSizes;
    }

    /** Time the task's code took per batch, in seconds. */
    public Buckets processSeconds() {
        return processSeconds;
    }

    /** Time per commit (stores, producer, checkpoint), in seconds. */
    public Buckets commitSeconds() {
        return commitSeconds;
    }

    /** Records per second over the last second. */
    public double recordsPerSecond() {
        return recordsPerSecond;
    }

    /** The consumer lag summed over the task's partitions. */
    public long totalLag() {
        long total = 0;
        for (long l : lag.values()) {
            total += l;
        }
        return total;
    }

    /**
     * The task's metrics for the application master's {@code /metrics} (docs/metrics.md): counters,
     * distributions, lag per topic partition, dead letters per reason, and per store and operation the
     * calls, errors and latency.
     *
     * @param partition the task's number
     * @param offsets the task's committed offsets per input topic
     */
    public TaskReport report(final int partition, final Map<String, Long> offsets) {
        final List<TaskReport.PartitionLag> lags = new ArrayList<>();
        new TreeMap<>(lag).forEach((tp, records) -> {
            final int dash = tp.lastIndexOf('-');
            lags.add(new TaskReport.PartitionLag(dash < 0 ? tp : tp.substring(0, dash),
                    dash < 0 ? partition : Integer.parseInt(tp.substring(dash + 1)), records));
        });
        final List<TaskReport.StoreReport> storeList = new ArrayList<>();
        stores.get().forEach((name, m) -> storeList.add(new TaskReport.StoreReport(name, m.keysRead(), m.cacheHits(),
                m.keysWritten(), m.retries(), m.operations())));
        return new TaskReport(taskName, partition, offsets, records, recordsPerSecond, batches, commits, windows,
                skipped, retries, deadLettered, deadLetteredByReason(), batchSizes.toHistogram(),
                processSeconds.toHistogram(), commitSeconds.toHistogram(), lags, storeList,
                new TaskReport.Flow(bufferedBytes, bufferedBytesPeak, pauses, outputsFailed.get(), deadLettersFailed.get(),
                        sendFailuresByReason()));
    }

    /** Every number, by name, for JMX and the status page. Task-defined ones are prefixed {@code task.}. */
    public Map<String, Object> snapshot() {
        final Map<String, Object> s = new TreeMap<>();
        final long b = batches;
        final long c = commits;
        s.put("records", records);
        s.put("records-per-second", recordsPerSecond);
        s.put("batches", b);
        s.put("batch-size-min", b == 0 ? 0L : batchMin);
        s.put("batch-size-avg", b == 0 ? 0.0 : (double) records / b);
        s.put("batch-size-max", batchMax);
        s.put("process-ms-avg", b == 0 ? 0.0 : processNanos / 1e6 / b);
        s.put("process-ms-max", processNanosMax / 1e6);
        s.put("commits", c);
        s.put("commit-ms-avg", c == 0 ? 0.0 : commitNanos / 1e6 / c);
        s.put("commit-ms-max", commitNanosMax / 1e6);
        s.put("batch-size-p99", batchSizes.quantile(0.99));
        s.put("process-ms-p99", processSeconds.quantile(0.99) * 1e3);
        s.put("commit-ms-p99", commitSeconds.quantile(0.99) * 1e3);
        s.put("windows", windows);
        s.put("dead-lettered", deadLettered);
        s.put("skipped", skipped);
        s.put("retries", retries);
        s.put("buffered-bytes", bufferedBytes);
        s.put("buffered-bytes-peak", bufferedBytesPeak);
        s.put("pauses", pauses);
        s.put("output-failed", outputsFailed.get());
        s.put("dead-letter-failed", deadLettersFailed.get());
        sendFailureReasons.forEach((k, v) -> s.put("send-failed." + k, v.get()));
        long totalLag = 0;
        for (Map.Entry<String, Long> e : lag.entrySet()) {
            s.put("lag." + e.getKey(), e.getValue());
            totalLag += e.getValue();
        }
        s.put("lag", totalLag);
        deadLetterReasons.forEach((k, v) -> s.put("dead-lettered." + k, v.get()));
        stores.get().forEach((name, m) -> {
            s.put("store." + name + ".calls", m.calls());
            s.put("store." + name + ".cache-hits", m.cacheHits());
            s.put("store." + name + ".errors", m.errors());
            s.put("store." + name + ".retries", m.retries());
            s.put("store." + name + ".time-ms", m.timeMs());
        });
        counters.forEach((k, v) -> s.put("task." + k, v.get()));
        gauges.forEach((k, v) -> s.put("task." + k, v.get()));
        return s;
    }
}
