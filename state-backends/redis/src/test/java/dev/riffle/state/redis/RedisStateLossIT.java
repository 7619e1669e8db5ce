package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.runner.store.KilledJobRun;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;

/**
 * A job whose checkpoint store is a real Redis that loses its data (FLUSHALL; a restart without persistence
 * under the running job) never takes the empty store up as a first start: the job process exits with status
 * 1 and a diagnostic that names the task, the store and the offsets that were lost, and counts nothing. With
 * {@code task.state.lost=reprocess} it counts every record again from the beginning of the topic, exactly.
 */
@ExtendWith(FixturesExtension.class)
class RedisStateLossIT {

    private static final int RECORDS = 20_000;
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void shouldStopInsteadOfStartingOverAfterFlushallAndReprocessOnlyWhenTheOperatorSaysSo(KafkaFixture kafka,
            RedisFixture redis) throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, settings(redis), true, RECORDS, 100)) {
            run.startJob();
            assertThat(run.awaitCountedAndWitnessed()).isEqualTo(run.truth());
            run.stopJob();

            flushAll(redis);
            run.startJob();
            final KilledJobRun.Exit lost = run.awaitExit(EXIT_TIMEOUT);

            assertThat(lost.status()).isEqualTo(1);
            assertThat(lost.log()).contains(
                    "of job " + run.jobName() + "-1 found no checkpoint in its checkpoint store 'counts'",
                    "the store lost the task's state",
                    "task.state.lost=reprocess");
            assertThat(run.counts()).as("what the refused start counted on empty state").isEmpty();

            run.startJob("task.state.lost=reprocess");
            assertThat(run.awaitCountedAndWitnessed()).as("counts after reprocessing from the beginning")
                    .isEqualTo(run.truth());
            run.stopJob();

            // Once it has committed again, a start under the default policy resumes from the checkpoint.
            run.produce(1_000);
            run.startJob();
            assertThat(run.awaitCountedAndWitnessed()).isEqualTo(run.truth());
            run.stopJob();
        }
    }

    @Test
    void shouldStopARunningJobWhoseRedisRestartedEmptyAndRefuseToStartOver(KafkaFixture kafka, RedisFixture redis)
            throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, settings(redis), true, RECORDS, 100)) {
            run.startJob();
            run.awaitCountedAndWitnessed();

            redis.stop();
            redis.start();
            // The next commit finds the task's generation gone and is refused: the process stops.
            run.produce(1_000);
            final KilledJobRun.Exit fenced = run.awaitExit(EXIT_TIMEOUT);
            assertThat(fenced.status()).isEqualTo(1);
            assertThat(fenced.log()).contains("holds no generation for the task, so it lost the task's keys");

            // Relaunched (as the AM would), it refuses to take the empty store up.
            run.startJob();
            final KilledJobRun.Exit lost = run.awaitExit(EXIT_TIMEOUT);
            assertThat(lost.status()).isEqualTo(1);
            assertThat(lost.log()).contains("found no checkpoint in its checkpoint store 'counts'",
                    "the store lost the task's state");
            assertThat(run.counts()).isEmpty();
        }
    }

    private static void flushAll(RedisFixture redis) {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            client.flushAll();
        }
    }

    private static Map<String, String> settings(RedisFixture redis) {
        return Map.of("factory", "redis", "redis.uri", redis.uri());
    }
}
