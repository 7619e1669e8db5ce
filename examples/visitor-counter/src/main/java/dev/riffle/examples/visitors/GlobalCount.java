package dev.riffle.examples.visitors;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job-wide count, combined from the newest {@link Partial} of every task. The window ends at
 * the newest event time any task has seen.
 */
public final class GlobalCount {

    private final long bucketMs;
    private final int windowBuckets;
    private final Map<Integer, Partial> partials = new TreeMap<>();

    public GlobalCount(long bucketMs, int windowBuckets) {
        this.bucketMs = bucketMs;
        this.windowBuckets = windowBuckets;
    }

    /**
     * Takes a task's share unless a newer one from that task is already known.
     *
     * @return whether the share was taken
     */
    public boolean offer(Partial partial) {
        final Partial current = partials.get(partial.task());
        if (current != null && current.version() >= partial.version()) {
            return false;
        }
        partials.put(partial.task(), partial);
        return true;
    }

    /** The end of the window: the newest event time over all tasks, or -1 before any. */
    public long windowEnd() {
        long end = -1;
        for (Partial p : partials.values()) {
            end = Math.max(end, p.maxTs());
        }
        return end;
    }

    /** The count for the window ending at {@link #windowEnd()}. */
    public long count() {
        final long end = windowEnd();
        if (end < 0) {
            return 0;
        }
        final long last = Math.floorDiv(end, bucketMs);
        final long first = last - windowBuckets + 1;
        long total = 0;
        for (Partial p : partials.values()) {
            total += p.sum(first, last);
        }
        return total;
    }

    /** The shares held, for saving. */
    public Collection<Partial> partials() {
        return partials.values();
    }

    /** Whether any share is known. */
    public boolean isEmpty() {
        return partials.isEmpty();
    }
}
