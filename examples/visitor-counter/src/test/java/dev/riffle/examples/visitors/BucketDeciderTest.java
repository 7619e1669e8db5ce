package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** When task 0 may decide a bucket: every task has completed it, or is idle and read to the end. */
class BucketDeciderTest {

    private static final int WINDOW = 3;

    /** A share of {@code task} whose newest event is in {@code newest}, one visitor there, and completions. */
    private static Share share(int task, long version, long newest, boolean idle, Map<Long, Long> completed) {
        final long[] counts = new long[WINDOW];
        counts[WINDOW - 1] = 1;
        return new Share(new Partial(task, version, newest * 60_000, newest - WINDOW + 1, counts), idle,
                new TreeMap<>(completed));
    }

    private static Share empty(int task) {
        return new Share(new Partial(task, 0, -1, 1 - WINDOW, new long[WINDOW]), true, new TreeMap<>());
    }

    @Test
    void shouldWaitForEveryTaskAndDecideUpToTheSlowest() {
        final BucketDecider decider = new BucketDecider(WINDOW, 2);
        decider.offer(share(0, 10, 13, false, Map.of(10L, 2L, 11L, 3L, 12L, 4L)));
        assertThat(decider.decide(Set.of())).as("task 1 has not reported").isEmpty();
        decider.offer(share(1, 5, 12, false, Map.of(11L, 1L)));
        assertThat(decider.decide(Set.of())).containsExactly(
                new BucketDecider.Decision(10, 2), new BucketDecider.Decision(11, 4));
        // Task 1 completes 12; its correction for 11 comes after 11 was decided and is dropped.
        decider.offer(share(1, 6, 14, false, Map.of(11L, 5L, 12L, 2L, 13L, 1L)));
        assertThat(decider.decide(Set.of())).containsExactly(new BucketDecider.Decision(12, 6));
        assertThat(decider.heldFor(0)).isEmpty();
        assertThat(decider.heldFor(1)).containsOnlyKeys(13L);
        assertThat(decider.offer(share(1, 6, 14, false, Map.of()))).as("a replayed share").isFalse();
    }

    @Test
    void shouldLeaveOutIdleTasksOnlyWhenTheirPartitionIsReadToTheEnd() {
        final BucketDecider decider = new BucketDecider(WINDOW, 3);
        decider.offer(share(0, 10, 20, false, Map.of(18L, 1L, 19L, 1L)));
        decider.offer(share(1, 4, 12, true, Map.of()));
        decider.offer(empty(2));
        assertThat(decider.idlePositions()).isEqualTo(Map.of(1, 4L, 2, 0L));
        assertThat(decider.decide(Set.of(1))).as("task 2 may still get its first events").isEmpty();
        assertThat(decider.decide(Set.of(2))).as("task 1 may still have events to read").isEmpty();
        final List<BucketDecider.Decision> decided = decider.decide(Set.of(1, 2));
        // From task 1's first bucket, 12: its open share counts its visitor in 12..14; task 0's own from 18.
        assertThat(decided).extracting(BucketDecider.Decision::bucket).containsExactly(12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(decided).extracting(BucketDecider.Decision::count).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 1L, 1L);
    }

    @Test
    void shouldDecideAGapOfYearsWithWorkOfTheWindowNotOfTheGap() {
        final long yearsLater = 12 + 3 * 525_960L;
        final BucketDecider decider = new BucketDecider(WINDOW, 2);
        decider.offer(share(0, 10, 12, false, Map.of(10L, 2L, 11L, 3L)));
        decider.offer(share(1, 10, 12, false, Map.of(10L, 1L, 11L, 1L)));
        assertThat(decider.decide(Set.of())).containsExactly(
                new BucketDecider.Decision(10, 3), new BucketDecider.Decision(11, 4));
        // Both tasks jump three years ahead: they completed 12 and the window after it, then nothing.
        decider.offer(share(0, 20, yearsLater, false, Map.of(12L, 4L, 13L, 1L, 14L, 1L)));
        decider.offer(share(1, 20, yearsLater + 1, false, Map.of(12L, 2L, 13L, 1L, 14L, 1L, yearsLater, 1L)));
        final List<BucketDecider.Decision> decided = decider.decide(Set.of());
        assertThat(decided).as("three buckets with counts, then at most a window of empty ones")
                .hasSizeLessThanOrEqualTo(3 + WINDOW);
        assertThat(decided.subList(0, 4)).containsExactly(new BucketDecider.Decision(12, 6),
                new BucketDecider.Decision(13, 2), new BucketDecider.Decision(14, 2), new BucketDecider.Decision(15, 0));
        assertThat(decided).extracting(BucketDecider.Decision::count).containsOnly(6L, 2L, 0L);
        assertThat(decider.lastDecided()).isEqualTo(yearsLater - 1);
        assertThat(decider.lastDecidedCount()).isZero();
        decider.offer(share(0, 21, yearsLater + 2, false, Map.of(yearsLater, 1L, yearsLater + 1, 1L)));
        assertThat(decider.decide(Set.of())).containsExactly(new BucketDecider.Decision(yearsLater, 2));
    }

    @Test
    void shouldRefuseASharefromATaskItDoesNotKnow() {
        final BucketDecider decider = new BucketDecider(WINDOW, 2);
        assertThatThrownBy(() -> decider.offer(share(2, 1, 5, false, Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("task 2").hasMessageContaining("restart");
    }
}
