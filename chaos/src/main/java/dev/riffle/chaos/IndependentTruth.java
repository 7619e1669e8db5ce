package dev.riffle.chaos;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the visitor counter must report, computed from the visits as they are in Kafka by the rule of
 * docs/visitor-counter.md, with no code of the job's: bucket {@code b} holds the event times
 * {@code [b * 60 s, (b + 1) * 60 s)}; the count of the window ending at {@code end} is the number of
 * distinct visitors with an event at or before {@code end} in the 30 buckets that end with {@code end}'s;
 * alerts come from walking the buckets in order from the first event's through a hysteresis ("crossed" at or
 * above the threshold while armed, "back-below" under {@code ceil(threshold * (1 - rearm fraction))} while
 * not); the job decides buckets up to the slowest partition's newest bucket minus one.
 */
final class IndependentTruth {

    static final long BUCKET_MS = 60_000;
    static final int WINDOW_BUCKETS = 30;

    /** A visit read back from the visits topic. */
    record Event(int partition, String visitor, long ts) {
    }

    /** An alert as the job must send it. */
    record Alert(String type, long at, long count) {
    }

    /** Per bucket: each visitor seen there and the earliest event time it was seen at. */
    private final TreeMap<Long, Map<String, Long>> buckets = new TreeMap<>();
    private final Map<Integer, Long> newestBucketByPartition = new HashMap<>();
    private long newestTs = Long.MIN_VALUE;

    IndependentTruth(final Iterable<Event> events) {
        for (Event e : events) {
            final long bucket = Math.floorDiv(e.ts(), BUCKET_MS);
            buckets.computeIfAbsent(bucket, b -> new HashMap<>()).merge(e.visitor(), e.ts(), Math::min);
            newestBucketByPartition.merge(e.partition(), bucket, Math::max);
            newestTs = Math.max(newestTs, e.ts());
        }
    }

    boolean isEmpty() {
        return buckets.isEmpty();
    }

    /** The newest event time: the {@code at} of the job's final live count. */
    long newestTs() {
        return newestTs;
    }

    /** Distinct visitors with an event at or before {@code end} in the 30 buckets ending with {@code end}'s. */
    long countAt(final long end) {
        final long last = Math.floorDiv(end, BUCKET_MS);
        final Set<String> seen = new HashSet<>();
        for (Map.Entry<Long, Map<String, Long>> bucket : buckets.subMap(last - WINDOW_BUCKETS + 1, true, last, true).entrySet()) {
            for (Map.Entry<String, Long> visitor : bucket.getValue().entrySet()) {
                if (visitor.getValue() <= end) {
                    seen.add(visitor.getKey());
                }
            }
        }
        return seen.size();
    }

    /** The count of bucket {@code b}: the window ending at its last millisecond. */
    long countOfBucket(final long bucket) {
        return countAt(endOf(bucket));
    }

    static long endOf(final long bucket) {
        return (bucket + 1) * BUCKET_MS - 1;
    }

    /**
     * The newest bucket the job decides once every partition is idle: each partition has completed the
     * buckets before its newest, and the slowest bounds the decision.
     */
    long lastDecidableBucket() {
        return newestBucketByPartition.values().stream().mapToLong(b -> b - 1).min().orElseThrow();
    }

    /** {@code ceil(threshold * (1 - fraction))}, in decimal arithmetic. */
    static long rearmBelow(final long threshold, final String fraction) {
        return BigDecimal.valueOf(threshold).multiply(BigDecimal.ONE.subtract(new BigDecimal(fraction)))
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The alerts of the buckets from the first event's up to {@code lastBucket}, in order. */
    List<Alert> alerts(final long threshold, final long rearmBelow, final long lastBucket) {
        final List<Alert> alerts = new ArrayList<>();
        if (buckets.isEmpty()) {
            return alerts;
        }
        boolean armed = true;
        for (long b = buckets.firstKey(); b <= lastBucket; b++) {
            final long count = countOfBucket(b);
            if (armed && count >= threshold) {
                alerts.add(new Alert("threshold-crossed", endOf(b), count));
                armed = false;
            } else if (!armed && count < rearmBelow) {
                alerts.add(new Alert("back-below", endOf(b), count));
                armed = true;
            }
        }
        return alerts;
    }
}
