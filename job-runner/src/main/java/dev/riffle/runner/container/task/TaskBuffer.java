package dev.riffle.runner.container.task;

import java.util.Arrays;

/**
 * The records of one task that have been polled but not yet processed, in arrival order (which is
 * offset order per partition). Decides when a batch is due: when {@code batchSize} records are
 * waiting, when {@code maxBytes} are, or when the oldest has waited {@code batchWaitMs}. Also says
 * when the task's partitions should be paused (more than twice a batch, or more than
 * {@code maxBytes}, is waiting) and resumed (less than one batch and at most half of
 * {@code maxBytes}): memory is bounded by bytes, not only by record counts, so large records cannot
 * fill the heap.
 *
 * <p>Pure logic, no Kafka; one writer (the container's loop thread). Backed by a growable ring of
 * references so that appending and taking allocate nothing in steady state.
 *
 * @param <R> the record type
 */
final class TaskBuffer<R> {

    private final int batchSize;
    private final long batchWaitMs;
    private final long maxBytes;
    private Object[] records;
    private int[] sources;
    private long[] arrivals;
    private int[] sizes;
    private int head;
    private int size;
    private long bytes;
    private long peakBytes;

    /**
     * A buffer bounded by record count only.
     *
     * @param batchSize {@code task.batch.size}, at least 1
     * @param batchWaitMs {@code task.batch.wait.ms}, at least 0
     */
    public TaskBuffer(final int batchSize, final long batchWaitMs) {
        this(batchSize, batchWaitMs, Long.MAX_VALUE);
    }

    /**
     * @param batchSize {@code task.batch.size}, at least 1
     * @param batchWaitMs {@code task.batch.wait.ms}, at least 0
     * @param maxBytes {@code task.buffer.max.bytes}, at least 1
     */
    public TaskBuffer(final int batchSize, final long batchWaitMs, final long maxBytes) {
        if (batchSize < 1 || batchWaitMs < 0 || maxBytes < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, batchWaitMs >= 0 and maxBytes >= 1, got "
                    + batchSize + ", " + batchWaitMs + " and " + maxBytes);
        }
        this.batchSize = batchSize;
        this.batchWaitMs = batchWaitMs;
        this.maxBytes = maxBytes;
        final int capacity = Integer.highestOneBit(Math.max(16, batchSize * 4 - 1)) << 1;
        this.records = new Object[capacity];
        this.sources = new int[capacity];
        this.arrivals = new long[capacity];
        this.sizes = new int[capacity];
    }

    /** Appends a record whose size does not count (see {@link #add(Object, int, long, int)}). */
    public void add(final R record, final int source, final long nowMs) {
        add(record, source, nowMs, 0);
    }

    /**
     * Appends a record.
     *
     * @param record the record
     * @param source an index the caller uses to tell the record's partition (kept alongside it)
     * @param nowMs arrival time, for the batch wait
     * @param recordBytes what the record holds in memory, for the byte bound
     */
    public void add(final R record, final int source, final long nowMs, final int recordBytes) {
        if (size == records.length) {
            grow();
        }
        final int slot = (head + size) & (records.length - 1);
        records[slot] = record;
        sources[slot] = source;
        arrivals[slot] = nowMs;
        sizes[slot] = recordBytes;
        size++;
        bytes += recordBytes;
        if (bytes > peakBytes) {
            peakBytes = bytes;
        }
    }

    private void grow() {
        final int capacity = records.length << 1;
        final Object[] r = new Object[capacity];
        final int[] s = new int[capacity];
        final long[] a = new long[capacity];
        final int[] b = new int[capacity];
        for (int i = 0; i < size; i++) {
            final int from = (head + i) & (records.length - 1);
            r[i] = records[from];
            s[i] = sources[from];
            a[i] = arrivals[from];
            b[i] = sizes[from];
        }
        records = r;
        sources = s;
        arrivals = a;
        sizes = b;
        head = 0;
    }

    /** Records waiting. */
    public int size() {
        return size;
    }

    /** Bytes waiting: the sum of the sizes given to {@link #add(Object, int, long, int)}. */
    public long bytes() {
        return bytes;
    }

    /** The most bytes that were ever waiting at once. */
    public long peakBytes() {
        return peakBytes;
    }

    /**
     * Whether a batch is due at {@code nowMs}: a full batch is waiting, the byte bound is reached, or
     * the oldest record has waited long enough.
     */
    public boolean batchDue(final long nowMs) {
        return size >= batchSize || (size > 0 && (bytes >= maxBytes || nowMs - arrivals[head] >= batchWaitMs));
    }

    /** Milliseconds until a batch is due ({@code 0} if now, {@link Long#MAX_VALUE} if the buffer is empty). */
    public long millisUntilDue(final long nowMs) {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        if (size >= batchSize || bytes >= maxBytes) {
            return 0;
        }
        return Math.max(0, arrivals[head] + batchWaitMs - nowMs);
    }

    /** The size of the next batch: up to {@code task.batch.size}, never more than {@code limit}. */
    public int nextBatchSize(final int limit) {
        return Math.min(Math.min(size, batchSize), limit);
    }

    /** The {@code i}-th waiting record (0 = oldest). */
    @SuppressWarnings("unchecked")
    public R peek(final int i) {
        return (R) records[(head + i) & (records.length - 1)];
    }

    /** The source index of the {@code i}-th waiting record. */
    public int sourceOf(final int i) {
        return sources[(head + i) & (records.length - 1)];
    }

    /** Removes the {@code n} oldest records. */
    public void remove(final int n) {
        if (n > size) {
            throw new IllegalArgumentException("Cannot remove " + n + " records from a buffer of " + size);
        }
        for (int i = 0; i < n; i++) {
            final int slot = (head + i) & (records.length - 1);
            records[slot] = null;
            bytes -= sizes[slot];
        }
        head = (head + n) & (records.length - 1);
        size -= n;
    }

    /** Drops every waiting record (the task is rewound and will read them again). */
    public void clear() {
        Arrays.fill(records, null);
        head = 0;
        size = 0;
        bytes = 0;
    }

    /** Whether the task's partitions should be paused: more than two batches, or more than the byte bound, are waiting. */
    public boolean shouldPause() {
        return size > 2L * batchSize || bytes > maxBytes;
    }

    /** Whether paused partitions may resume: less than one batch, and at most half the byte bound, is waiting. */
    public boolean mayResume() {
        return size < batchSize && bytes <= maxBytes / 2;
    }
}
