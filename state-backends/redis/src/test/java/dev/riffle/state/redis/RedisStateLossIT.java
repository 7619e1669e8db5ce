package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.store.StoreException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.store.AssembledTaskStores;
import dev.riffle.runner.store.KilledJobRun;
import dev.riffle.runner.store.StoreAssembly;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * A job whose checkpoint store is a real Redis that loses its data (FLUSHALL; a restart without persistence
 * under the running job) never takes the empty store up as a first start: the job process exits with status
 * 1 and a diagnostic that names the task, the store and the offsets that were lost, and counts nothing. With
 * {@code task.state.lost=reprocess} it counts every record again from the beginning of the topic, exactly.
 * A Redis that goes back to an older snapshot under the running job stops it, and the relaunched job resumes
 * from the older checkpoint, exactly.
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

            // The next commit finds the task's generation (and checkpoint) gone and is refused: the process stops.
            assertThat(restartUnderTheJob(run, redis)).contains("holds no generation for the task",
                    "so it lost the task's keys (restarted without persistence, flushed or evicted)");

            // Relaunched (as the AM would), it refuses to take the empty store up.
            run.startJob();
            final KilledJobRun.Exit lost = run.awaitExit(EXIT_TIMEOUT);
            assertThat(lost.status()).isEqualTo(1);
            assertThat(lost.log()).contains("found no checkpoint in its checkpoint store 'counts'",
                    "the store lost the task's state");
            assertThat(run.counts()).isEmpty();
        }
    }

    @Test
    void shouldStopARunningJobWhoseRedisWentBackToAnOlderSnapshotAndResumeExactlyFromIt(KafkaFixture kafka,
            RedisFixture redis) throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, settings(redis), true, RECORDS, 100)) {
            run.startJob();
            run.awaitCountedAndWitnessed();
            snapshot(redis);
            run.produce(5_000);
            run.awaitCountedAndWitnessed();

            // The server restarts from the snapshot: state and checkpoints of 5,000 records ago, same generation.
            assertThat(restartUnderTheJob(run, redis))
                    .contains("so the store went back in time or lost data under the running task");

            // Relaunched, it resumes from the older checkpoint with the state that matches it: exact again.
            run.startJob();
            assertThat(run.awaitCountedAndWitnessed()).isEqualTo(run.truth());
            run.stopJob();
        } finally {
            // Later restarts of the shared server must start empty, not from this snapshot.
            flushAll(redis);
            snapshot(redis);
        }
    }

    /**
     * Under {@code maxmemory-policy noeviction} a full Redis refuses the commit with its OOM error: the task gets
     * a non-retriable failure naming it (the container would stop, loudly), and nothing is removed or half
     * written: the checkpoint and the state of the last commit stay.
     */
    @Test
    void shouldRefuseACommitLoudlyAndRemoveNothingWhenRedisIsFullUnderNoeviction(RedisFixture redis) {
        final String job = "full-" + UUID.randomUUID().toString().substring(0, 8);
        final JobConfig config = JobConfig.of(Map.of("job.name", job, "task.class", "unused.Task",
                "task.inputs", "visits", "systems.kafka.bootstrap.servers", "127.0.0.1:9092",
                "stores.counts.factory", "redis", "stores.counts.redis.uri", redis.uri(),
                "task.checkpoint.store", "counts"));
        final TopicPartition input = new TopicPartition("visits", 0);
        try (AssembledTaskStores stores = StoreAssembly.open(config, "Partition 0", 0);
             RedisClient admin = RedisClient.create(redis.host(), redis.port())) {
            stores.claimAndReadCheckpoint();
            stores.<String, String>store("counts").put("kept", "1");
            stores.flush();
            stores.commitCheckpoint(Map.of(input, 1L));
            final String big = "x".repeat(1_000);
            for (int i = 0; i < 5_000; i++) {
                stores.<String, String>store("counts").put("big-" + i, big);
            }
            admin.configSet("maxmemory-policy", "noeviction");
            admin.configSet("maxmemory", Long.toString(usedMemory(admin) + 1_000_000));
            try {
                assertThatThrownBy(() -> stores.commitCheckpoint(Map.of(input, 2L)))
                        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isRetriable()).isFalse())
                        .hasMessageContaining("OOM");
            } finally {
                admin.configSet("maxmemory", "0");
            }
        }
        try (AssembledTaskStores reader = StoreAssembly.open(config, "Partition 0", 0)) {
            assertThat(reader.claimAndReadCheckpoint()).contains(Map.of(input, 1L));
            assertThat(reader.<String, String>store("counts").get("kept")).isEqualTo("1");
            assertThat(reader.<String, String>store("counts").get("big-0")).isNull();
            assertThat(reader.<String, String>store("counts").get("big-4999")).isNull();
        }
    }

    private static long usedMemory(RedisClient admin) {
        for (String line : admin.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory line");
    }

    /**
     * Restarts the server under the running job and feeds it 1,000 more records: the job's next commit must stop
     * it with status 1.
     *
     * @return the job's log
     */
    private static String restartUnderTheJob(KilledJobRun run, RedisFixture redis) throws Exception {
        redis.stop();
        redis.start();
        run.produce(1_000);
        final KilledJobRun.Exit exit = run.awaitExit(EXIT_TIMEOUT);
        assertThat(exit.status()).as("exit status of the job after the restart").isEqualTo(1);
        return exit.log();
    }

    /** SAVE: the server writes its data to the RDB file it loads when it starts again. */
    private static void snapshot(RedisFixture redis) {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            client.sendCommand(Protocol.Command.SAVE);
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
