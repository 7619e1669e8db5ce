package dev.riffle.examples.visitors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>Completed buckets: when the newest event moves from bucket {@code m} to a later one, buckets
 * {@code m..} up to the new one are complete for this task, and their counts are taken <em>before</em>
 * the event is applied (afterwards the visitors that moved are gone from them). Those counts are kept
 * while a late event can still reach them ({@code visitors.allowed.lateness.minutes}), so that a late
 * event corrects them; see {@code docs/visitor-counter.md} for the one case it cannot correct.
 */
public final class WindowCounter {

    private final long bucketMs;
    private final int windowBuckets;
    private final long latenessMs;
    private final CountMode mode;
    private final TreeMap<Long, Long> buckets = new TreeMap<>();
    /** Completed bucket to this task's count of the window ending there, while late events can change it. */
    private final TreeMap<Long, Long> completed = new TreeMap<>();
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
        restore(maxTs, bucketCounts, Map.of());
    }

    /** Restores state read from the store, with the completed counts a late event can still correct. */
    public void restore(long maxTs, Map<Long, Long> bucketCounts, Map<Long, Long> completedCounts) {
        this.maxTs = maxTs;
        buckets.clear();
        bucketCounts.forEach((b, c) -> {
            if (c != 0) {
                buckets.put(b, c);
            }
        });
        completed.clear();
        completed.putAll(completedCounts);
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
        add(visitor, ts, lastSeen, changed, new HashMap<>());
    }

    /**
     * Counts one event that is not late, and reports the completed buckets it completes or corrects.
     *
     * @param completions collects completed bucket to this task's count of the window ending there
     * @return whether the visitor's entry in {@code lastSeen} changed (always false in events mode)
     */
    public boolean add(String visitor, long ts, Map<String, Long> lastSeen, Map<Long, Long> changed,
            Map<Long, Long> completions) {
        final long bucket = bucketOf(ts);
        if (maxTs >= 0) {
            final long newest = bucketOf(maxTs);
            if (bucket > newest) {
                complete(newest, bucket - 1, completions);
            } else if (bucket < newest) {
                correct(visitor, bucket, newest - 1, lastSeen, completions);
            }
        }
        maxTs = Math.max(maxTs, ts);
        if (mode == CountMode.EVENTS) {
            bump(bucket, 1, changed);
            return false;
        }
        final Long previous = lastSeen.get(visitor);
        if (previous != null && previous >= bucket) {
            return false;
        }
        if (previous != null && buckets.containsKey(previous)) {
            bump(previous, -1, changed);
        }
        bump(bucket, 1, changed);
        lastSeen.put(visitor, bucket);
        return true;
    }

    /** Takes the counts of buckets {@code from..to}, which no event can enter except as a late one. */
    private void complete(long from, long to, Map<Long, Long> completions) {
        // Past the last bucket's window every count is zero, which is what a missing entry means.
        final long last = Math.min(to, from + windowBuckets - 1);
        for (long b = from; b <= last; b++) {
            final long count = openCount(b);
            completed.put(b, count);
            completions.put(b, count);
        }
    }

    /**
     * A late event in bucket {@code x}: adds it to the completed windows it belongs to, up to the
     * newest completed bucket. In visitors mode this is exact unless the visitor was already seen in
     * {@code x} or later: whether it was counted in the windows between is not kept, so they stay.
     */
    private void correct(String visitor, long x, long lastCompleted, Map<String, Long> lastSeen,
            Map<Long, Long> completions) {
        long from = x;
        if (mode == CountMode.VISITORS) {
            final Long previous = lastSeen.get(visitor);
            if (previous != null && previous >= x) {
                return;
            }
            if (previous != null) {
                // The windows that still hold the visitor's previous bucket counted it already.
                from = Math.max(x, previous + windowBuckets);
            }
        }
        final long to = Math.min(lastCompleted, x + windowBuckets - 1);
        for (long b = from; b <= to; b++) {
            final long count = completed.getOrDefault(b, 0L) + 1;
            completed.put(b, count);
            completions.put(b, count);
        }
    }

    /** This task's count for the window ending at bucket {@code b}, for {@code b} at or after the newest. */
    public long openCount(long b) {
        long total = 0;
        for (long c : buckets.subMap(b - windowBuckets + 1, true, b, true).values()) {
            total += c;
        }
        return total;
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

    /**
     * Forgets completed counts that no late event can reach any more.
     *
     * @return the forgotten buckets, to delete from the store
     */
    public List<Long> pruneCompleted() {
        if (maxTs < 0) {
            return List.of();
        }
        final NavigableMap<Long, Long> old = completed.headMap(oldestCorrectableBucket(), false);
        final List<Long> dropped = new ArrayList<>(old.keySet());
        old.clear();
        return dropped;
    }

    /** The oldest bucket a late event can still land in. */
    long oldestCorrectableBucket() {
        return bucketOf(maxTs - latenessMs);
    }

    /** The newest bucket with an event, or -1 before the first event. */
    public long newestBucket() {
        return maxTs < 0 ? -1 : bucketOf(maxTs);
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
