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
 * @param flow input buffering and output failures (added within protocol 1; absent from older containers)
 */
public record TaskReport(String task, int partition, Map<String, Long> offsets, long records,
                         @JsonProperty("records-per-second") double recordsPerSecond,
                         long batches, long commits, long windows, long skipped, long retries,
                         @JsonProperty("dead-lettered") long deadLettered,
                         @JsonProperty("dead-lettered-by-reason") Map<String, Long> deadLetteredByReason,
                         @JsonProperty("batch-size") Histogram batchSize,
                         @JsonProperty("process-seconds") Histogram processSeconds,
                         @JsonProperty("commit-seconds") Histogram commitSeconds,
                         List<PartitionLag> lag, List<StoreReport> stores, Flow flow) {

    public TaskReport {
        offsets = offsets == null ? Map.of() : Map.copyOf(offsets);
        deadLetteredByReason = deadLetteredByReason == null ? Map.of() : Map.copyOf(deadLetteredByReason);
        lag = lag == null ? List.of() : List.copyOf(lag);
        stores = stores == null ? List.of() : List.copyOf(stores);
        flow = flow == null ? Flow.NONE : flow;
    }

    /**
     * The task's input buffering (bytes held, the peak, how often its partitions paused) and the outputs and
     * dead letters that could never be sent, per reason (docs/runtime.md).
     */
    public record Flow(@JsonProperty("buffered-bytes") long bufferedBytes,
                       @JsonProperty("buffered-bytes-peak") long bufferedBytesPeak, long pauses,
                       @JsonProperty("output-failed") long outputFailed,
                       @JsonProperty("dead-letter-failed") long deadLetterFailed,
                       @JsonProperty("send-failed-by-reason") Map<String, Long> sendFailedByReason) {
        /** What a container that reports no flow is read as. */
        public static final Flow NONE = new Flow(0, 0, 0, 0, 0, Map.of());

        public Flow {
            sendFailedByReason = sendFailedByReason == null ? Map.of() : Map.copyOf(sendFailedByReason);
        }
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
