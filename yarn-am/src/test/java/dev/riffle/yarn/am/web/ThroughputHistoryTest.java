package dev.riffle.yarn.am.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.yarn.am.web.ThroughputHistory.Counter;
import dev.riffle.yarn.am.web.ThroughputHistory.Sample;

class ThroughputHistoryTest {

    private final ThroughputHistory history = new ThroughputHistory(3);

    @Test
    void shouldTurnCumulativeCountsIntoRatesPerContainerAndInTotal() {
        history.sample(10_000, List.of(new Counter("0", "c1", 100), new Counter("1", "c2", 50)));
        history.sample(12_000, List.of(new Counter("0", "c1", 300), new Counter("1", "c2", 60)));

        assertThat(history.samples()).containsExactly(new Sample(12_000, 105.0, Map.of("0", 100.0, "1", 5.0)));
    }

    @Test
    void shouldOnlySetTheBaselineOnTheFirstSample() {
        history.sample(10_000, List.of(new Counter("0", "c1", 1_000)));

        assertThat(history.samples()).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheNewestSamplesOldestFirst() {
        for (int i = 0; i <= 5; i++) {
            history.sample(i * 1_000L, List.of(new Counter("0", "c1", i * 10L)));
        }

        assertThat(history.samples()).extracting(Sample::timeMs).containsExactly(3_000L, 4_000L, 5_000L);
        assertThat(history.samples()).extracting(Sample::total).containsOnly(10.0);
    }

    @Test
    void shouldCountARelaunchedContainerFromZeroInsteadOfGoingNegative() {
        history.sample(0, List.of(new Counter("0", "c1", 500)));
        history.sample(1_000, List.of(new Counter("0", "c9", 40)));
        history.sample(2_000, List.of(new Counter("0", "c9", 30)));

        assertThat(history.samples()).extracting(Sample::total).containsExactly(40.0, 30.0);
    }

    @Test
    void shouldGiveANewContainerNoRateUntilItsSecondReport() {
        history.sample(0, List.of(new Counter("0", "c1", 0)));
        history.sample(1_000, List.of(new Counter("0", "c1", 10), new Counter("1", "c2", 7_000)));
        history.sample(2_000, List.of(new Counter("0", "c1", 20), new Counter("1", "c2", 7_005)));

        assertThat(history.samples()).extracting(Sample::containers)
                .containsExactly(Map.of("0", 10.0, "1", 0.0), Map.of("0", 10.0, "1", 5.0));
    }

    @Test
    void shouldIgnoreASampleThatDoesNotMoveTimeForward() {
        history.sample(1_000, List.of(new Counter("0", "c1", 0)));
        history.sample(2_000, List.of(new Counter("0", "c1", 10)));
        history.sample(2_000, List.of(new Counter("0", "c1", 99)));

        assertThat(history.samples()).hasSize(1);
    }

    @Test
    void shouldServeTheSamplesAsJsonRoundedToOneDecimal() {
        history.sample(0, List.of(new Counter("0", "c1", 0)));
        history.sample(3_000, List.of(new Counter("0", "c1", 10)));

        assertThat(history.toJson()).containsEntry("capacity", 3)
                .containsEntry("samples", List.of(Map.of("t", 3_000L, "total", 3.3, "containers", Map.of("0", 3.3))));
    }

    @Test
    void shouldRejectAnEmptyCapacity() {
        assertThatThrownBy(() -> new ThroughputHistory(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one sample");
    }
}
