package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counts random event streams split over several tasks, in random batches, combines the tasks' shares
 * with a {@link BucketDecider}, and compares every decided bucket's count, and the count at the newest
 * event, with counts computed directly from the events.
 */
class WindowCounterTest {

    private static final long MINUTE = 60_000;
    private static final int WINDOW = 30;
    private static final long LATENESS = 5 * MINUTE;

    private record Event(String visitor, long ts) {
    }

    /**
     * Late events (one in ten, up to 8 minutes back) correct completed buckets exactly when counting
     * events; when counting visitors only in-order streams are exact (see docs/visitor-counter.md).
     */
    @ParameterizedTest(name = "{0} tasks, mode {1}, late events {2}, seed {3}")
    @CsvSource({"1, VISITORS, false, 1", "4, VISITORS, false, 2", "3, EVENTS, true, 3", "4, VISITORS, false, 4",
            "2, EVENTS, true, 5", "4, EVENTS, false, 6"})
    void shouldMatchIndependentCountWhateverTheSplitAndBatching(int tasks, CountMode mode, boolean late, long seed) {
        final Random random = new Random(seed);
        final long start = 1_764_133_975_000L;
        final List<List<Event>> perTask = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            perTask.add(new ArrayList<>());
        }
        long clock = start;
        for (int i = 0; i < 20_000; i++) {
            clock += random.nextInt(400);
            final long ts = clock - (late && random.nextInt(10) == 0 ? random.nextInt((int) (8 * MINUTE)) : 0);
            final String visitor = "v-" + random.nextInt(3000);
            perTask.get(Math.floorMod(visitor.hashCode(), tasks)).add(new Event(visitor, ts));
        }

        // Every task's shares, in the order it sends them; handed to the decider one task after another.
        final BucketDecider decider = new BucketDecider(WINDOW, tasks);
        final List<Event> accepted = new ArrayList<>();
        final List<BucketDecider.Decision> decisions = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            final WindowCounter counter = new WindowCounter(MINUTE, WINDOW, LATENESS, mode);
            final Map<String, Long> lastSeen = new HashMap<>();
            final List<Event> events = perTask.get(t);
            int offset = 0;
            while (offset < events.size()) {
                final int end = Math.min(events.size(), offset + 1 + random.nextInt(300));
                final TreeMap<Long, Long> completions = new TreeMap<>();
                for (Event e : events.subList(offset, end)) {
                    if (!counter.isLate(e.ts())) {
                        final Long before = lastSeen.get(e.visitor());
                        final boolean moved = counter.add(e.visitor(), e.ts(), lastSeen, new HashMap<>(), completions);
                        assertThat(moved).as("whether %s moved", e)
                                .isEqualTo(!Objects.equals(before, lastSeen.get(e.visitor())));
                        accepted.add(e);
                    }
                }
                counter.prune();
                counter.pruneCompleted();
                assertThat(decider.offer(new Share(counter.partial(t, end), false, completions))).isTrue();
                if (!late) {
                    decisions.addAll(decider.decide(Set.of()));
                }
                offset = end;
            }
        }
        decisions.addAll(decider.decide(Set.of()));

        assertThat(decisions).hasSizeGreaterThan(60);
        for (int i = 0; i < decisions.size(); i++) {
            final BucketDecider.Decision d = decisions.get(i);
            if (i > 0) {
                assertThat(d.bucket()).isEqualTo(decisions.get(i - 1).bucket() + 1);
            }
            assertThat(d.count()).as("count of bucket %d", d.bucket()).isEqualTo(truth(accepted, d.bucket(), mode));
        }
        final long newest = decider.newestEventTime();
        assertThat(decider.provisionalCount(MINUTE)).isEqualTo(truth(accepted, Math.floorDiv(newest, MINUTE), mode));
        for (int t = 0; t < tasks; t++) {
            assertThat(decider.heldFor(t).keySet()).as("completed counts still held for task %d", t)
                    .allMatch(b -> b > decider.lastDecided());
        }
    }

    @Test
    void shouldCompleteAGapOfYearsInAWindowOfBuckets() {
        final long start = 1_764_133_975_000L;
        final long yearsLater = start + 3 * 365L * 24 * 60 * MINUTE;
        final WindowCounter counter = new WindowCounter(MINUTE, WINDOW, LATENESS, CountMode.VISITORS);
        final Map<String, Long> lastSeen = new HashMap<>();
        counter.add("v-1", start, lastSeen, new HashMap<>(), new TreeMap<>());
        counter.add("v-2", start + MINUTE, lastSeen, new HashMap<>(), new TreeMap<>());
        final TreeMap<Long, Long> completions = new TreeMap<>();
        counter.add("v-1", yearsLater, lastSeen, new HashMap<>(), completions);
        assertThat(completions).as("the window after the old events, not every bucket of the gap").hasSize(WINDOW);
        assertThat(completions.firstKey()).isEqualTo(Math.floorDiv(start + MINUTE, MINUTE));
        assertThat(counter.prune()).as("v-2's bucket; v-1 moved out of its own").hasSize(1);
        assertThat(counter.openCount(counter.newestBucket())).isEqualTo(1);
        assertThat(counter.keptRange()[1] - counter.keptRange()[0]).isLessThan(WINDOW + LATENESS / MINUTE + 1);
    }

    /** Visitors (or events) with an event in the buckets {@code (last - WINDOW, last]}. */
    private static long truth(List<Event> events, long last, CountMode mode) {
        final long first = last - WINDOW + 1;
        final Set<String> visitors = new HashSet<>();
        long count = 0;
        for (Event e : events) {
            final long bucket = Math.floorDiv(e.ts(), MINUTE);
            if (bucket >= first && bucket <= last) {
                visitors.add(e.visitor());
                count++;
            }
        }
        return mode == CountMode.VISITORS ? visitors.size() : count;
    }
}
