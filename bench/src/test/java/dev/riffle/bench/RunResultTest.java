package dev.riffle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunResultTest {

    @Test
    void shouldReadBackTheLineOfAThroughputRun() {
        final RunResult result = new RunResult(500_000, 5_000_000_000L, 9_000_000_000L, 300_000);

        final RunResult parsed = RunResult.parse(result.toLine());

        assertThat(parsed).isEqualTo(result);
        assertThat(parsed.latency()).isNull();
        assertThat(parsed.rate()).isEqualTo(100_000.0);
    }

    @Test
    void shouldReadBackTheLatencyOfALatencyRun() {
        final RunResult result = new RunResult(600_000, 20_000_000_000L, 25_000_000_000L, 380_000)
                .withLatency(new RunResult.Latency(30_000, 450_000, 62_000, 310_000, 480_000, 95_000));

        final RunResult.Latency latency = RunResult.parse(result.toLine()).latency();

        assertThat(latency).isEqualTo(new RunResult.Latency(30_000, 450_000, 62_000, 310_000, 480_000, 95_000));
    }

    @Test
    void shouldIgnoreOtherLinesAndRejectUnknownFields() {
        assertThat(RunResult.parse("INFO something else")).isNull();
        assertThatThrownBy(() -> RunResult.parse(RunResult.PREFIX + "events=1 colour=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
    }
}
