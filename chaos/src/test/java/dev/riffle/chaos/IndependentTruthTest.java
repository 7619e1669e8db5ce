package dev.riffle.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The truth on small hand-worked cases of the rule in docs/visitor-counter.md. */
class IndependentTruthTest {

    private static final long M = IndependentTruth.BUCKET_MS;

    private static IndependentTruth.Event e(final int partition, final String visitor, final long ts) {
        return new IndependentTruth.Event(partition, visitor, ts);
    }

    @Test
    void shouldCountDistinctVisitorsInTheThirtyBucketsEndingWithTheEndsBucket() {
        final IndependentTruth truth = new IndependentTruth(List.of(
                e(0, "a", 0), e(0, "a", 5 * M), e(1, "b", 10 * M + 1), e(1, "c", 29 * M + 59_999), e(0, "d", 30 * M)));
        assertThat(truth.countAt(29 * M + 59_999)).as("buckets 0..29").isEqualTo(3);
        assertThat(truth.countAt(30 * M)).as("buckets 1..30: a is still in bucket 5").isEqualTo(4);
        assertThat(truth.countAt(34 * M + 59_999)).as("buckets 5..34: a's last visit is in the first").isEqualTo(4);
        assertThat(truth.countAt(35 * M)).as("buckets 6..35: a's last visit (bucket 5) has left").isEqualTo(3);
        assertThat(truth.countAt(10 * M)).as("b visits at 10 M + 1, after the end").isEqualTo(1);
        assertThat(truth.newestTs()).isEqualTo(30 * M);
    }

    @Test
    void shouldDecideUpToTheSlowestPartitionsNewestBucketMinusOne() {
        final IndependentTruth truth = new IndependentTruth(List.of(e(0, "a", 3 * M), e(1, "b", 9 * M), e(2, "c", 7 * M + 5)));
        assertThat(truth.lastDecidableBucket()).isEqualTo(2);
    }

    @Test
    void shouldAlertOncePerCrossingAndReArmOnlyBelowTheReArmLevel() {
        // Threshold 3, re-arm below ceil(3 * 0.7) = 3: one visitor per bucket (0..4) lifts the count to 3 at
        // bucket 2; it stays >= 3 until the first visitors leave the window 30 buckets later.
        final List<IndependentTruth.Event> events = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            events.add(e(0, "v" + b, b * M));
        }
        events.add(e(0, "late", 40 * M));
        final IndependentTruth truth = new IndependentTruth(events);
        assertThat(IndependentTruth.rearmBelow(3, "0.3")).isEqualTo(3);
        assertThat(truth.alerts(3, 3, 40)).containsExactly(
                new IndependentTruth.Alert("threshold-crossed", IndependentTruth.endOf(2), 3),
                new IndependentTruth.Alert("back-below", IndependentTruth.endOf(32), 2));
    }

    @Test
    void shouldComputeTheReArmLevelInDecimalArithmetic() {
        assertThat(IndependentTruth.rearmBelow(500, "0.3")).isEqualTo(350);
        assertThat(IndependentTruth.rearmBelow(100_000, "0.05")).isEqualTo(95_000);
        assertThat(IndependentTruth.rearmBelow(7, "0.5")).isEqualTo(4);
    }
}
