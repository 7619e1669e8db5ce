package dev.riffle.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrafficTest {

    private static List<IndependentTruth.Event> events(final long seed, final int n) {
        final Traffic traffic = new Traffic(seed, 0, 200, 300, 400);
        final String[] action = new String[1];
        final List<IndependentTruth.Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final Traffic.Visit v = traffic.next(action);
            events.add(new IndependentTruth.Event(0, v.visitor(), v.ts()));
        }
        return events;
    }

    @Test
    void shouldSendTheSameVisitsForTheSameSeed() {
        assertThat(events(3, 1_000)).isEqualTo(events(3, 1_000)).isNotEqualTo(events(4, 1_000));
    }

    @Test
    void shouldLiftTheCountAboveTheThresholdInEachWaveAndBelowTheReArmLevelBetween() {
        // Two cycles of 60 event minutes at 200 ms a visit.
        final IndependentTruth truth = new IndependentTruth(events(9, 2 * 18_000));
        final List<IndependentTruth.Alert> alerts = truth.alerts(RunSettings.THRESHOLD,
                IndependentTruth.rearmBelow(RunSettings.THRESHOLD, RunSettings.REARM_FRACTION), 119);
        assertThat(alerts).extracting(IndependentTruth.Alert::type)
                .containsExactly("threshold-crossed", "back-below", "threshold-crossed", "back-below");
    }

    @Test
    void shouldWriteTheVisitorCountersInputFormat() {
        assertThat(new Traffic.Visit(0, "v-1", 1_764_133_975_000L).json("view"))
                .isEqualTo("{\"visitor\":\"v-1\",\"action\":\"view\",\"ts\":1764133975000}");
    }
}
