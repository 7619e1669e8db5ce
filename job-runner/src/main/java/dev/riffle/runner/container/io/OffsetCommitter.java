package dev.riffle.runner.container.io;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/** Records input offsets as Kafka group offsets (commit step 3 when the task has no checkpoint store). */
@FunctionalInterface
public interface OffsetCommitter {

    /**
     * Commits synchronously.
     *
     * @param nextOffsets the next offset to read per partition
     */
    void commit(Map<TopicPartition, Long> nextOffsets);
}
