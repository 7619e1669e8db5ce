package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counts random event streams split over several tasks, in random batches, and compares the
 * combined count with a count computed directly from the events.
 */
class WindowCounterTest {

    private static final long MINUTE = 60_000;
    private static final int WINDOW = 30;
    private static final long LATENESS = 5 * MINUTE;

    private record Event(String visitor, long ts) {
    }

    @ParameterizedTest(name = "{0} tasks, mode {1}, seed {2}")
    @CsvSource({"1, VISITORS, 1", "4, VISITORS, 2", "3, EVENTS, 3", "4, VISITORS, 4", "2, EVENTS, 5"})
    void shouldMatchIndependentCountWhateverTheSplitAndBatching(int tasks, CountMode mode, long seed) {
        final Random random = new Random(seed);
        final long start = 1_764_133_975_000L;
        final List<List<Event>> perTask = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            perTask.add(new ArrayList<>());
        }
        long clock = start;
        for (int i = 0; i < 20_000; i++) {
            clock += random.nextInt(400);
            final long ts = clock - (random.nextInt(10) == 0 ? random.nextInt((int) (8 * MINUTE)) : 0);
            final String visitor = "v-" + random.nextInt(3000);
            perTask.get(Math.floorMod(visitor.hashCode(), tasks)).add(new Event(visitor, ts));
        }

        final GlobalCount global = new GlobalCount(MINUTE, WINDOW);
        final List<Event> accepted = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            final WindowCounter counter = new WindowCounter(MINUTE, WINDOW, LATENESS, mode);
            final Map<String, Long> lastSeen = new HashMap<>();
            final List<Event> events = perTask.get(t);
            int offset = 0;
            while (offset < events.size()) {
                final int end = Math.min(events.size(), offset + 1 + random.nextInt(300));
                for (Event e : events.subList(offset, end)) {
                    if (!counter.isLate(e.ts())) {
                        counter.add(e.visitor(), e.ts(), lastSeen, new HashMap<>());
                        accepted.add(e);
                    }
                }
                counter.prune();
                global.offer(counter.partial(t, end));
                offset = end;
            }
        }

        assertThat(global.count()).isEqualTo(truth(accepted, global.windowEnd(), mode));
    }

    private static long truth(List<Event> events, long end, CountMode mode) {
        final long last = Math.floorDiv(end, MINUTE);
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
