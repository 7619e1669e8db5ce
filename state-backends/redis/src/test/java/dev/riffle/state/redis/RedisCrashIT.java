package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.runner.store.KilledJobRun;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job that counts records per key runs in a child JVM that is killed with SIGKILL several times at
 * random points of its input, then runs to the end. With {@code task.checkpoint.store} the counts in Redis
 * equal the true counts exactly; without it (Kafka group offsets) they are at least the true counts,
 * because batches whose state was flushed but whose offsets were not committed are counted again.
 */
@ExtendWith(FixturesExtension.class)
class RedisCrashIT {

    private static final int RECORDS = 120_000;
    private static final int KILLS = 3;

    @Test
    void shouldCountExactlyOnceAcrossKilledContainersWithACheckpointStore(KafkaFixture kafka, RedisFixture redis)
            throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, settings(redis), true, RECORDS, 100)) {

            final Map<String, Long> counts = run.killRepeatedlyThenFinish(KILLS);

            assertThat(counts).isEqualTo(run.truth());
        }
    }

    @Test
    void shouldCountAtLeastOnceAcrossKilledContainersWithoutACheckpointStore(KafkaFixture kafka, RedisFixture redis)
            throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, settings(redis), false, RECORDS, 100)) {

            final Map<String, Long> counts = run.killRepeatedlyThenFinish(KILLS);

            assertThat(counts.keySet()).isEqualTo(run.truth().keySet());
            run.truth().forEach((key, n) -> assertThat(counts.get(key)).as("count of %s", key).isGreaterThanOrEqualTo(n));
            final long excess = counts.values().stream().mapToLong(Long::longValue).sum() - RECORDS;
            System.out.println("At-least-once run counted " + excess + " records more than once across " + KILLS
                    + " kills.");
        }
    }

    private static Map<String, String> settings(RedisFixture redis) {
        return Map.of("factory", "redis", "redis.uri", redis.uri());
    }
}
