package dev.riffle.examples.visitors;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a task tells task 0 on the partials topic: the buckets it has completed since its previous
 * share (or corrected with late events), its open {@link Partial} (the window ending at its newest
 * event, from which its count for that bucket and any later one follows), and whether it is idle.
 *
 * <p>Shares of one task are ordered by {@code (version, idle)}: the same input position first active,
 * then idle. Processing is deterministic, so a share replayed after a restart carries what task 0
 * already has, and task 0 drops any share not newer than the last it took from that task.
 *
 * @param open the task's open share: version, newest event time and per-bucket counts
 * @param idle whether the task's partition had no events for {@code visitors.idle.ms}
 * @param completed completed bucket to the task's count of the window ending there
 */
public record Share(Partial open, boolean idle, NavigableMap<Long, Long> completed) {

    public Share {
        completed = Collections.unmodifiableNavigableMap(new TreeMap<>(completed));
    }

    /** The task (= partition of the visits topic) that sent the share. */
    public int task() {
        return open.task();
    }

    /** Whether this share comes after {@code other} of the same task. */
    public boolean isNewerThan(Share other) {
        if (open.version() != other.open.version()) {
            return open.version() > other.open.version();
        }
        return idle && !other.idle;
    }
}
