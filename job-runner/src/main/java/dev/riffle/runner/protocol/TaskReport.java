package dev.riffle.runner.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One task's detailed metrics in a heartbeat's {@code measurements}, the source of the
 * {@code riffle_task_*}, {@code riffle_partition_*} and {@code riffle_store_*} families of docs/metrics.md.
 *
 * @param task the task's name, e.g. {@code Partition 2}
 * @param deadLetteredByReason records sent to the dead-letter topic per reason
 * @param lag the lag of each input partition the task reads
 */
public record TaskReport(String task, int partition, Map<String, Long> offsets, long records,
                         @JsonProperty("records-per-second") double recordsPerSecond,
                         long batches, long commits, long windows, long skipped, long retries,
                         @JsonProperty("dead-lettered") long deadLettered,
                         @JsonProperty("dead-lettered-by-reason") Map<String, Long> deadLetteredByReason,
                         @JsonProperty("batch-size") Histogram batchSize,
                         @JsonProperty("process-seconds") Histogram processSeconds,
                         @JsonProperty("commit-seconds") Histogram commitSeconds,
                         List<PartitionLag> lag, List<StoreReport> stores) {

    public TaskReport {
        offsets = offsets == null ? Map.of() : Map.copyOf(offsets);
        deadLetteredByReason = deadLetteredByReason == null ? Map.of() : Map.copyOf(deadLetteredByReason);
        lag = lag == null ? List.of() : List.copyOf(lag);
        stores = stores == null ? List.of() : List.copyOf(stores);
    }

    /** The lag of one input partition. */
    public record PartitionLag(String topic, int partition, long lag) {
    }

    /** What one of the task's stores did. */
    public record StoreReport(String store, @JsonProperty("keys-read") long keysRead,
                              @JsonProperty("cache-hits") long cacheHits,
                              @JsonProperty("keys-written") long keysWritten,
                              long retries, List<StoreOperation> operations) {
        public StoreReport {
            operations = operations == null ? List.of() : List.copyOf(operations);
        }
    }

    /** One backend operation of a store (e.g. {@code get}): calls, failures and latency. */
    public record StoreOperation(String op, long calls, long errors, Histogram seconds) {
    }
}
