package dev.riffle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunSpecTest {

    private static RunSpec spec(final double rate) {
        return new RunSpec(Mode.REDIS, "127.0.0.1:9092", "bench-visits-1", 1_000, "redis-1-2", "redis://127.0.0.1:6379",
                "127.0.0.1:9042", 500, 900, rate, 5, Map.of("task.commit.ms", "250", "task.batch.wait.ms", "10"));
    }

    @Test
    void shouldPassEveryFieldToTheRunProcess() {
        final RunSpec latencyRun = spec(12_500);

        final RunSpec parsed = RunSpec.fromArgs(latencyRun.toArgs().toArray(new String[0]));

        assertThat(parsed).isEqualTo(latencyRun);
        assertThat(parsed.isLatencyRun()).isTrue();
    }

    @Test
    void shouldReadArgumentsWithoutARateAsAThroughputRun() {
        // An earlier build's bench main (--baseline-lib) passes no rate.
        final List<String> args = new ArrayList<>(spec(0).toArgs());
        args.removeIf(a -> a.startsWith("rate=") || a.startsWith("warmupSeconds="));

        final RunSpec parsed = RunSpec.fromArgs(args.toArray(new String[0]));

        assertThat(parsed.isLatencyRun()).isFalse();
        assertThat(parsed.rate()).isZero();
    }
}
