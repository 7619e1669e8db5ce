package dev.riffle.runner.container.commit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.container.io.RecordSource;

/**
 * A task's input positions: per input partition (by source index) the next offset to process and
 * the next offset as of the last commit. Loop thread only.
 */
public final class TaskOffsets {

    private final TopicPartition[] partitions;
    private final long[] next;
    private final long[] committed;

    public TaskOffsets(final List<TopicPartition> partitions) {
        this.partitions = partitions.toArray(new TopicPartition[0]);
        this.next = new long[this.partitions.length];
        this.committed = new long[this.partitions.length];
    }

    public int size() {
        return partitions.length;
    }

    public TopicPartition partition(final int source) {
        return partitions[source];
    }

    /** Sets where the task starts (also its committed position). */
    public void start(final int source, final long offset) {
        next[source] = offset;
        committed[source] = offset;
    }

    /** The record at {@code offset} of {@code source} is done. */
    public void processed(final int source, final long offset) {
        next[source] = offset + 1;
    }

    /** Next offsets per source, for the isolation bookkeeping. */
    public long[] next() {
        return next;
    }

    /** The next offsets by partition, to commit. */
    public Map<TopicPartition, Long> nextByPartition() {
        final Map<TopicPartition, Long> result = new HashMap<>();
        for (int i = 0; i < partitions.length; i++) {
            result.put(partitions[i], next[i]);
        }
        return result;
    }

    /** The next offsets as of the last commit, by partition. */
    public Map<TopicPartition, Long> committedByPartition() {
        final Map<TopicPartition, Long> result = new HashMap<>();
        for (int i = 0; i < partitions.length; i++) {
            result.put(partitions[i], committed[i]);
        }
        return result;
    }

    /** These next offsets (per source, as {@link #next} was when they were sealed) are now committed. */
    public void committed(final long[] offsets) {
        System.arraycopy(offsets, 0, committed, 0, partitions.length);
    }

    /** The next offsets are now committed. */
    public void committed() {
        System.arraycopy(next, 0, committed, 0, partitions.length);
    }

    /** Goes back to the last commit and makes {@code source} read from there again. */
    public void rewind(final RecordSource source) {
        for (int i = 0; i < partitions.length; i++) {
            next[i] = committed[i];
            source.seek(partitions[i], committed[i]);
        }
    }
}
