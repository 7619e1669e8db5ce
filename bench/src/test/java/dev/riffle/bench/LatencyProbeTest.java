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
}
