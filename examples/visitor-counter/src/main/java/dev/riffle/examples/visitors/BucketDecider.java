package dev.riffle.examples.visitors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The job-wide count per bucket, combined from the {@link Share}s of every task, and the order in
 * which buckets are decided. Pure logic, run by task 0.
 *
 * <p>A bucket {@code b} is decided once every task has completed it, so its count is the sum of the
 * tasks' final counts for it, whatever the order the partitions were read in. Tasks whose partition
 * is idle (and, as task 0 checked, read to the end) are left out of that wait and count with their
 * open share; if every task is idle, buckets are decided up to the slowest task's completed one. Buckets are decided in order, each once: a
 * correction for a decided bucket is dropped. See {@code docs/visitor-counter.md}.
 */
public final class BucketDecider {

    /** A decided bucket and the job-wide count of the window ending there. */
    public record Decision(long bucket, long count) {
    }

    /** The latest share of one task, with the completed counts still undecided. */
    private static final class TaskView {
        Share latest;
        final TreeMap<Long, Long> completed = new TreeMap<>();

        boolean hasEvents() {
            return latest.open().maxTs() >= 0;
        }

        long newestBucket() {
            return latest.open().lastBucket();
        }
    }

    private final int windowBuckets;
    private final int tasks;
    private final Map<Integer, TaskView> views = new TreeMap<>();
    private long lastDecided = Long.MIN_VALUE;
    private long lastDecidedCount = -1;

    /** @param tasks the number of tasks, i.e. partitions of the visits topic */
    public BucketDecider(int windowBuckets, int tasks) {
        this.windowBuckets = windowBuckets;
        this.tasks = tasks;
    }

    /**
     * Takes a task's share unless one at least as new from that task is already known.
     *
     * @return whether the share was taken
     * @throws IllegalStateException if the share comes from a task beyond the known count
     */
    public boolean offer(Share share) {
        if (share.task() < 0 || share.task() >= tasks) {
            throw new IllegalStateException("task 0 got a share from task " + share.task() + " but knows of only "
                    + tasks + " tasks: the visits topic has more partitions than when the job started;"
                    + " restart the job so that task 0 learns the new count");
        }
        final TaskView view = views.computeIfAbsent(share.task(), t -> new TaskView());
        if (view.latest != null && !share.isNewerThan(view.latest)) {
            return false;
        }
        view.latest = share;
        view.completed.putAll(share.completed().tailMap(lastDecided, false));
        return true;
    }

    /**
     * Decides every bucket that can be decided now, in order.
     *
     * @param idleConfirmed the tasks whose idle share is believed (their partition is read to the end);
     *     any other task is waited for, idle or not
     * @return the newly decided buckets, oldest first; empty while some task has not reported
     */
    public List<Decision> decide(Set<Integer> idleConfirmed) {
        if (views.size() < tasks) {
            return List.of();
        }
        long minActive = Long.MAX_VALUE;
        long minAll = Long.MAX_VALUE;
        long first = Long.MAX_VALUE;
        boolean anyActive = false;
        for (Map.Entry<Integer, TaskView> entry : views.entrySet()) {
            final TaskView view = entry.getValue();
            final boolean idle = view.latest.idle() && idleConfirmed.contains(entry.getKey());
            if (!view.hasEvents()) {
                if (!idle) {
                    // Not known to be empty: its first events may still come.
                    return List.of();
                }
                continue;
            }
            final long completedUpTo = view.newestBucket() - 1;
            minAll = Math.min(minAll, completedUpTo);
            if (!idle) {
                anyActive = true;
                minActive = Math.min(minActive, completedUpTo);
            }
            first = Math.min(first, view.completed.isEmpty() ? view.newestBucket()
                    : Math.min(view.completed.firstKey(), view.newestBucket()));
        }
        if (minAll == Long.MAX_VALUE) {
            return List.of();
        }
        final long target = anyActive ? minActive : minAll;
        if (lastDecided == Long.MIN_VALUE) {
            if (target < first) {
                return List.of();
            }
            // Nothing before the earliest event of any task can be decided: start there.
            lastDecided = first - 1;
        }
        final List<Decision> decisions = new ArrayList<>();
        int emptyRun = 0;
        for (long b = lastDecided + 1; b <= target; b++) {
            final long count = countAt(b);
            emptyRun = count == 0 ? emptyRun + 1 : 0;
            if (emptyRun > windowBuckets) {
                // A gap in event time (hours, or years between two valid events): every bucket up to the
                // next one anything can count in is empty, and the alert rule does nothing on a repeated
                // count, so they are decided at once. The work stays O(window), whatever the gap.
                b = Math.min(target, nextCountable(b) - 1);
                lastDecided = b;
                lastDecidedCount = 0;
                continue;
            }
            decisions.add(new Decision(b, count));
            lastDecided = b;
            lastDecidedCount = count;
        }
        if (!decisions.isEmpty()) {
            for (TaskView view : views.values()) {
                view.completed.headMap(lastDecided, true).clear();
            }
        }
        return decisions;
    }

    /**
     * The first bucket after {@code b} whose count may not be zero, or {@link Long#MAX_VALUE}: for each
     * task, its next completed count before its newest bucket, or its newest bucket, or, past that,
     * the buckets whose window still reaches its open share.
     */
    private long nextCountable(long b) {
        long next = Long.MAX_VALUE;
        for (TaskView view : views.values()) {
            if (!view.hasEvents()) {
                continue;
            }
            final long newest = view.newestBucket();
            if (b + 1 < newest) {
                final Long completed = view.completed.higherKey(b);
                next = Math.min(next, completed != null && completed < newest ? completed : newest);
            } else if (b + 1 - windowBuckets + 1 <= newest) {
                next = Math.min(next, b + 1);
            }
        }
        return next;
    }

    /** The job-wide count of the window ending at bucket {@code b}, from what the tasks have sent. */
    long countAt(long b) {
        long total = 0;
        for (TaskView view : views.values()) {
            if (!view.hasEvents()) {
                continue;
            }
            if (b < view.newestBucket()) {
                total += view.completed.getOrDefault(b, 0L);
            } else {
                total += view.latest.open().sum(b - windowBuckets + 1, b);
            }
        }
        return total;
    }

    /** The tasks whose latest share says idle, with the input position it was sent at. */
    public Map<Integer, Long> idlePositions() {
        final Map<Integer, Long> idle = new TreeMap<>();
        views.forEach((task, view) -> {
            if (view.latest.idle()) {
                idle.put(task, view.latest.open().version());
            }
        });
        return idle;
    }

    /** The newest event time over all tasks, or -1 before any. */
    public long newestEventTime() {
        long newest = -1;
        for (TaskView view : views.values()) {
            newest = Math.max(newest, view.latest.open().maxTs());
        }
        return newest;
    }

    /**
     * The provisional count of the window ending at the newest event of any task: exact once every
     * event up to that time is processed, low while some task is behind.
     */
    public long provisionalCount(long bucketMs) {
        final long newest = newestEventTime();
        return newest < 0 ? 0 : countAt(Math.floorDiv(newest, bucketMs));
    }

    /** The last decided bucket, or {@link Long#MIN_VALUE} before the first decision. */
    public long lastDecided() {
        return lastDecided;
    }

    /** The count of the last decided bucket, or -1 before the first decision. */
    public long lastDecidedCount() {
        return lastDecidedCount;
    }

    /** Whether any share is known. */
    public boolean isEmpty() {
        return views.isEmpty();
    }

    /** The latest share of every task, with the undecided completed counts in place of the last batch's. */
    public List<Share> state() {
        final List<Share> state = new ArrayList<>();
        for (TaskView view : views.values()) {
            state.add(new Share(view.latest.open(), view.latest.idle(), view.completed));
        }
        return Collections.unmodifiableList(state);
    }

    /** Restores what {@link #state()} and the decision marks returned before a restart. */
    public void restore(List<Share> state, long decided, long decidedCount) {
        views.clear();
        lastDecided = decided;
        lastDecidedCount = decidedCount;
        for (Share share : state) {
            offer(share);
        }
    }

    /** Undecided completed counts held for task {@code task}: what bounds the memory, for tests. */
    NavigableMap<Long, Long> heldFor(int task) {
        final TaskView view = views.get(task);
        return view == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(view.completed);
    }
}
