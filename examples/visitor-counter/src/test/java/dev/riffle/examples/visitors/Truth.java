package dev.riffle.examples.visitors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the visitor counter must report, computed straight from the generated events, independently of
 * the job's code (the rule of docs/visitor-counter.md): the visitors (or events) whose event minute is
 * within the 30 minutes that end at a given time, and the alerts of walking the minutes in order.
 */
final class Truth {

    private static final long MINUTE = 60_000;

    private Truth() {
    }

    /** The newest event time among the events. */
    static long end(final Iterable<VisitGenerator.Event> events) {
        long end = -1;
        for (VisitGenerator.Event e : events) {
            end = Math.max(end, e.ts());
        }
        return end;
    }

    /** Distinct visitors in the window ending at {@code end}. */
    static long visitors(final Iterable<VisitGenerator.Event> events, final long end) {
        final Set<String> visitors = new HashSet<>();
        for (VisitGenerator.Event e : events) {
            if (inWindow(e.ts(), end)) {
                visitors.add(e.visitor());
            }
        }
        return visitors.size();
    }

    /** Events in the window ending at {@code end}. */
    static long events(final Iterable<VisitGenerator.Event> events, final long end) {
        long n = 0;
        for (VisitGenerator.Event e : events) {
            if (inWindow(e.ts(), end)) {
                n++;
            }
        }
        return n;
    }

    /** An alert as the job must send it: its type, the end of its bucket's window, and the count there. */
    record Alert(String type, long at, long count) {
    }

    /** The partition of a visitor in the tests: they send each visit to this partition explicitly. */
    static int partitionOf(final String visitor, final int partitions) {
        return Math.floorMod(visitor.hashCode(), partitions);
    }

    /** Visitors (or events) with an event in the minutes {@code (bucket - 30, bucket]}. */
    static long countAt(final Iterable<VisitGenerator.Event> events, final CountMode mode, final long bucket) {
        final long end = (bucket + 1) * MINUTE - 1;
        return mode == CountMode.VISITORS ? visitors(events, end) : events(events, end);
    }

    /**
     * The alerts a job with this threshold must send for the buckets up to {@code lastBucket}: the
     * buckets from the first event's are walked in order, and the count of each passed through the
     * hysteresis "alert at or above {@code threshold}, re-arm below {@code rearmBelow}".
     */
    static List<Alert> alerts(final Iterable<VisitGenerator.Event> events, final CountMode mode, final long threshold,
            final long rearmBelow, final long lastBucket) {
        long first = Long.MAX_VALUE;
        for (VisitGenerator.Event e : events) {
            first = Math.min(first, e.ts() / MINUTE);
        }
        final List<Alert> alerts = new ArrayList<>();
        boolean armed = true;
        for (long b = first; b <= lastBucket; b++) {
            final long count = countAt(events, mode, b);
            if (armed && count >= threshold) {
                alerts.add(new Alert("threshold-crossed", (b + 1) * MINUTE - 1, count));
                armed = false;
            } else if (!armed && count < rearmBelow) {
                alerts.add(new Alert("back-below", (b + 1) * MINUTE - 1, count));
                armed = true;
            }
        }
        return alerts;
    }

    /**
     * The bucket the job's decisions reach at least once every partition is idle: each partition has
     * completed the buckets before its newest, and the slowest one bounds the decision.
     */
    static long lastDecidable(final Iterable<VisitGenerator.Event> events, final int partitions) {
        final Map<Integer, Long> newest = new HashMap<>();
        for (VisitGenerator.Event e : events) {
            newest.merge(partitionOf(e.visitor(), partitions), e.ts() / MINUTE, Math::max);
        }
        return newest.values().stream().mapToLong(b -> b - 1).min().orElseThrow();
    }

    private static boolean inWindow(final long ts, final long end) {
        return ts <= end && ts / MINUTE > end / MINUTE - 30;
    }
}
