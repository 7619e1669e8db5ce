package dev.riffle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LatencyProbeTest {

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadTaskAndVersionOfARiffleShare() {
        final String share = "{\"task\":3,\"version\":1250,\"maxTs\":1764133975000,\"firstBucket\":29402232,"
                + "\"counts\":[4,7],\"idle\":false,\"completed\":{}}";

        assertThat(LatencyProbe.parse(bytes(share), 42L)).isEqualTo(new LatencyProbe.ShareSeen(3, 1250, 42L));
    }

    @Test
    void shouldReadTaskAndVersionOfAKafkaStreamsShare() {
        assertThat(LatencyProbe.parse(bytes("2;99;1764133975000;29402232;4,7"), 7L))
                .isEqualTo(new LatencyProbe.ShareSeen(2, 99, 7L));
    }

    @Test
    void shouldSkipRecordsThatAreNoShare() {
        assertThat(LatencyProbe.parse(bytes("{\"count\":12}"), 1L)).isNull();
        assertThat(LatencyProbe.parse(bytes("not a share"), 1L)).isNull();
        assertThat(LatencyProbe.parse(new byte[0], 1L)).isNull();
    }

    @Test
    void shouldMeasureEachEventToTheFirstShareCarryingItAndKeepTheSecondHalfApart() {
        final LatencyProbe probe = new LatencyProbe("unused:9092", "visits", "shares", 10, 100, 0);
        // Partition 0: five events at 0-400 ms, then five at 5,000-5,400 ms; the middle of the run is 2,700 ms.
        for (int i = 0; i < 5; i++) {
            probe.record(0, i, i * 100L);
            probe.record(0, 5 + i, 5_000 + i * 100L);
        }
        probe.saw(new LatencyProbe.ShareSeen(0, 5, 3_000));
        probe.saw(new LatencyProbe.ShareSeen(0, 5, 3_500)); // the same version again carries nothing new
        probe.saw(new LatencyProbe.ShareSeen(0, 10, 5_450));

        final var histograms = probe.histograms();

        assertThat(histograms[0].getTotalCount()).isEqualTo(10);
        assertThat(histograms[0].getMaxValue()).isBetween(2_999_000L, 3_001_000L); // event 0: 3,000 ms
        assertThat(histograms[1].getTotalCount()).isEqualTo(5);
        assertThat(histograms[1].getMaxValue()).isBetween(449_000L, 451_000L); // event 5: 450 ms
        assertThat(histograms[1].getMinValue()).isBetween(49_000L, 51_000L); // event 9: 50 ms
    }
}
