package dev.riffle.runner.container.task;

import java.util.Arrays;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The offsets, per input partition of a task, of records that failed inside a batch and are being
 * processed again one at a time to find the culprits. Pure bookkeeping; partitions are addressed by
 * the task's source index.
 */
final class IsolationRange {

    private final long[] from;
    private final long[] until;
    private boolean active;

    IsolationRange(final int sources) {
        this.from = new long[sources];
        this.until = new long[sources];
        clear();
    }

    /** Adds one record to the range. */
    void mark(final int source, final long offset) {
        from[source] = Math.min(from[source], offset);
        until[source] = Math.max(until[source], offset);
        active = true;
    }

    /** Whether records are being isolated. */
    boolean active() {
        return active;
    }

    /** Whether the record at {@code offset} of {@code source} is in the range. */
    boolean contains(final int source, final long offset) {
        return offset >= from[source] && offset <= until[source];
    }

    /** Whether every partition's next offset is past the range; clears the range when it is. */
    boolean passedBy(final long[] nextOffsets) {
        for (int i = 0; i < until.length; i++) {
            if (until[i] >= nextOffsets[i]) {
                return false;
            }
        }
        clear();
        return true;
    }

    /** Adds the first {@code n} records of {@code buffer} (a batch that failed as a whole). */
    void markFirst(final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer, final int n) {
        for (int j = 0; j < n; j++) {
            mark(buffer.sourceOf(j), buffer.peek(j).offset());
        }
    }

    /** Adds the record at {@code slot} of {@code buffer} (the message a stream task failed on). */
    void markSlot(final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer, final int slot) {
        mark(buffer.sourceOf(slot), buffer.peek(slot).offset());
    }

    /**
     * The size of the next batch while isolating: the records before the first one in the range, or that one
     * alone, so that each record in the range is processed (and committed) by itself.
     */
    int nextBatchSize(final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer) {
        final int limit = buffer.nextBatchSize(Integer.MAX_VALUE);
        for (int j = 0; j < limit; j++) {
            if (contains(buffer.sourceOf(j), buffer.peek(j).offset())) {
                return j == 0 ? 1 : j;
            }
        }
        return limit;
    }

    void clear() {
        Arrays.fill(from, Long.MAX_VALUE);
        Arrays.fill(until, -1L);
        active = false;
    }
}
