package dev.riffle.examples.visitors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the visitor counter must report, computed straight from the generated events, independently of
 * the job's code: the visitors (or events) whose event minute is within the 30 minutes that end at the
 * newest event time.
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

    /**
     * The alert types a job with this threshold must send, in order: the count ({@code mode}) is
     * recomputed after every event (events arrive in event-time order) and passed through the hysteresis
     * "alert at or above {@code threshold}, re-arm below {@code rearmBelow}".
     */
    static List<String> alerts(final Iterable<VisitGenerator.Event> events, final CountMode mode, final long threshold,
            final long rearmBelow) {
        final Map<String, Long> lastMinute = new HashMap<>();
        final List<Long> eventMinutes = new ArrayList<>();
        final List<String> alerts = new ArrayList<>();
        boolean armed = true;
        for (VisitGenerator.Event e : events) {
            final long minute = e.ts() / MINUTE;
            lastMinute.put(e.visitor(), minute);
            eventMinutes.add(minute);
            final long count = (mode == CountMode.VISITORS ? lastMinute.values().stream() : eventMinutes.stream())
                    .filter(m -> m > minute - 30).count();
            if (armed && count >= threshold) {
                alerts.add("threshold-crossed");
                armed = false;
            } else if (!armed && count < rearmBelow) {
                alerts.add("back-below");
                armed = true;
            }
        }
        return alerts;
    }

    private static boolean inWindow(final long ts, final long end) {
        return ts <= end && ts / MINUTE > end / MINUTE - 30;
    }
}
