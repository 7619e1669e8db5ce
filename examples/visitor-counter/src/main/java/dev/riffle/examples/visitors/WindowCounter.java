package dev.riffle.examples.visitors;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One task's sliding-window counter in memory: the count per time bucket and the newest accepted
 * event time. Pure logic; {@link VisitorCounterTask} loads it from and saves it to the store.
 *
 * <p>In {@link CountMode#VISITORS} mode a bucket counts the visitors whose <em>last</em> event falls
 * in it, so a visitor is counted once however many events it sends; when a visitor shows up in a
 * later bucket, it moves there. The distinct visitors of the window ending at bucket {@code B} are
 * the sum of buckets {@code B-W+1..B}.
 */
public final class WindowCounter {

    private final long bucketMs;
    private final int windowBuckets;
    private final long latenessMs;
    private final CountMode mode;
    private final TreeMap<Long, Long> buckets = new TreeMap<>();
    private long maxTs = -1;

    public WindowCounter(long bucketMs, int windowBuckets, long latenessMs, CountMode mode) {
        this.bucketMs = bucketMs;
        this.windowBuckets = windowBuckets;
        this.latenessMs = latenessMs;
        this.mode = mode;
    }

    /** The bucket index of an event time. */
    public long bucketOf(long ts) {
        return Math.floorDiv(ts, bucketMs);
    }

    /** The oldest bucket still kept: a late event can still land there. */
    long oldestKeptBucket() {
        return bucketOf(maxTs - latenessMs) - windowBuckets + 1;
    }

    /** Restores state read from the store. */
    public void restore(long maxTs, Map<Long, Long> bucketCounts) {
        this.maxTs = maxTs;
        buckets.clear();
        bucketCounts.forEach((b, c) -> {
            if (c != 0) {
                buckets.put(b, c);
            }
        });
    }

    /** Whether an event is too far behind the newest one to be counted. */
    public boolean isLate(long ts) {
        return maxTs >= 0 && ts < maxTs - latenessMs;
    }

    /**
     * Counts one event that is not late.
     *
     * @param visitor the visitor
     * @param ts the event time
     * @param lastSeen the bucket each visitor was last seen in, updated in place (visitors mode)
     * @param changed collects the buckets whose count changed
     */
    public void add(String visitor, long ts, Map<String, Long> lastSeen, Map<Long, Long> changed) {
        final long bucket = bucketOf(ts);
        maxTs = Math.max(maxTs, ts);
        if (mode == CountMode.EVENTS) {
            bump(bucket, 1, changed);
            return;
        }
        final Long previous = lastSeen.get(visitor);
        if (previous != null && previous >= bucket) {
            return;
        }
        if (previous != null && buckets.containsKey(previous)) {
            bump(previous, -1, changed);
        }
        bump(bucket, 1, changed);
        lastSeen.put(visitor, bucket);
    }

    private void bump(long bucket, long delta, Map<Long, Long> changed) {
        final long value = buckets.getOrDefault(bucket, 0L) + delta;
        if (value == 0) {
            buckets.remove(bucket);
        } else {
            buckets.put(bucket, value);
        }
        changed.put(bucket, value);
    }

    /**
     * Forgets buckets that no event can reach any more.
     *
     * @return the forgotten buckets, to delete from the store
     */
    public Map<Long, Long> prune() {
        final Map<Long, Long> dropped = new HashMap<>();
        if (maxTs < 0) {
            return dropped;
        }
        final NavigableMap<Long, Long> old = buckets.headMap(oldestKeptBucket(), false);
        dropped.putAll(old);
        old.clear();
        return dropped;
    }

    /** The newest accepted event time, or -1 before the first event. */
    public long maxTs() {
        return maxTs;
    }

    /** This task's share of the count, for the window ending at its newest event. */
    public Partial partial(int task, long version) {
        final long last = maxTs < 0 ? 0 : bucketOf(maxTs);
        final long first = last - windowBuckets + 1;
        final long[] counts = new long[windowBuckets];
        buckets.subMap(first, true, last, true).forEach((b, c) -> counts[(int) (b - first)] = c);
        return new Partial(task, version, maxTs, first, counts);
    }

    /** The buckets kept now, for loading after a restart: from the oldest kept to the newest. */
    public long[] keptRange() {
        return new long[] {oldestKeptBucket(), bucketOf(Math.max(maxTs, 0))};
    }
}
