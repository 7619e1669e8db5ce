package dev.riffle.testkit;

import java.util.Map;

/**
 * One task's metrics at the moment {@link TaskTestDriver#metrics(int)} was called: plain values that
 * do not change afterwards. The same numbers a running job reports (docs/metrics.md).
 *
 * @param task the task's name, e.g. {@code Partition 0}
 * @param records input records processed
 * @param batches batches handed to the task
 * @param commits commits (stores, outputs, offsets)
 * @param windows {@code window()} calls
 * @param skipped records skipped under {@code task.error.policy=skip}
 * @param retries store or broker operations retried
 * @param deadLettered records sent to the dead-letter topic
 * @param deadLetteredByReason those records per reason
 * @param lag the records not yet read, per input partition of the task, as of the last poll
 * @param counters what the task counted with {@code TaskMetrics.increment}
 * @param gauges what the task set with {@code TaskMetrics.gauge}
 */
public record TaskMetricsSnapshot(String task, long records, long batches, long commits, long windows,
                                  long skipped, long retries, long deadLettered,
                                  Map<String, Long> deadLetteredByReason, Map<InputPartition, Long> lag,
                                  Map<String, Long> counters, Map<String, Long> gauges) {

    public TaskMetricsSnapshot {
        deadLetteredByReason = Map.copyOf(deadLetteredByReason);
        lag = Map.copyOf(lag);
        counters = Map.copyOf(counters);
        gauges = Map.copyOf(gauges);
    }

    /** A task-defined counter, 0 if the task never incremented it. */
    public long counter(final String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** The lag summed over the task's input partitions. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }
}
