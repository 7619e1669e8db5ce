package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.store.KeyValueStore;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.local.LocalJobRunner;
import dev.riffle.runner.store.AssembledTaskStores;
import dev.riffle.runner.store.Checkpoints;
import dev.riffle.runner.store.CountingTask;
import dev.riffle.runner.store.StoreAssembly;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;

/**
 * Stops the real Redis server in the middle of a run of batches that count keys, through the assembled
 * stores (which do not retry: the caller repeats each retriable call, as the runtime's one retry layer
 * does) and through a whole local job, starts it again, and checks every count and the checkpoint: the
 * retried writes landed exactly once. The server is told to save its data when it stops (as a production Redis with persistence would),
 * so the outage loses connections, not data.
 */
@ExtendWith(FixturesExtension.class)
class RedisOutageIT {

    private static final TopicPartition INPUT = new TopicPartition("visits", 0);
    private static final int KEYS = 37;

    private RedisFixture redis;

    @BeforeEach
    void persistOnShutdown(RedisFixture redis) {
        this.redis = redis;
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            client.configSet("save", "3600 1");
        }
    }

    @AfterEach
    void restoreNoPersistence() {
        redis.start();
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            client.configSet("save", "");
        }
    }

    @Test
    void shouldApplyEveryBatchExactlyOnceAcrossARedisOutage() throws Exception {
        final String job = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        final JobConfig config = JobConfig.of(Map.of("job.name", job, "task.class", "unused.Task",
                "task.inputs", "visits", "systems.kafka.bootstrap.servers", "127.0.0.1:9092",
                "stores.counts.factory", "redis", "stores.counts.redis.uri", redis.uri(),
                "stores.counts.key.serde", "string", "stores.counts.value.serde", "long",
                "task.checkpoint.store", "counts"));
        final AtomicInteger committed = new AtomicInteger();
        final AtomicBoolean finish = new AtomicBoolean();
        final AtomicReference<AssembledTaskStores> running = new AtomicReference<>();

        // Counts batch after batch until told to finish; returns how many batches it committed.
        final CompletableFuture<Integer> task = CompletableFuture.supplyAsync(() -> {
            try (AssembledTaskStores stores = StoreAssembly.open(config, "task-0", 0)) {
                running.set(stores);
                stores.claimAndReadCheckpoint();
                final KeyValueStore<String, Long> counts = stores.store("counts");
                int batch = 0;
                while (!finish.get()) {
                    batch++;
                    final List<String> keys = keysOf(batch);
                    final Map<String, Long> current = untilItSucceeds(() -> counts.getAll(keys));
                    for (String key : keys) {
                        counts.put(key, current.getOrDefault(key, 0L) + 1);
                    }
                    final long offset = batch;
                    untilItSucceeds(() -> {
                        stores.flush();
                        stores.commitCheckpoint(Map.of(INPUT, offset));
                        return null;
                    });
                    committed.set(batch);
                }
                return batch;
            }
        });

        Awaitility.await("50 batches to commit").atMost(Duration.ofSeconds(60)).until(() -> committed.get() >= 50);
        redis.stop();
        Awaitility.await("the task to retry the unreachable store six times (over 3 s of backoff)")
                .atMost(Duration.ofSeconds(60))
                .until(() -> running.get().metrics().get("counts").retries() >= 6);
        final int beforeRestart = committed.get();
        redis.start();
        Awaitility.await("50 more batches to commit after the restart").atMost(Duration.ofSeconds(60))
                .until(() -> committed.get() >= beforeRestart + 50);
        finish.set(true);
        final int batches = task.get(2, TimeUnit.MINUTES);

        try (AssembledTaskStores reader = StoreAssembly.open(config, "task-0", 0)) {
            assertThat(reader.claimAndReadCheckpoint()).contains(Map.of(INPUT, (long) batches));
            final KeyValueStore<String, Long> counts = reader.store("counts");
            final Map<String, Long> truth = trueCounts(batches);
            assertThat(counts.getAll(truth.keySet())).isEqualTo(truth);
        }
    }

    @Test
    void shouldKeepAJobsCountsExactWhenRedisIsDownForSecondsMidRun(KafkaFixture kafka) throws Exception {
        final String job = "job-outage-" + UUID.randomUUID().toString().substring(0, 8);
        final String topic = job + "-visits";
        final int records = 60_000;
        kafka.createTopic(topic, 2);
        final Map<String, Long> truth = new HashMap<>();
        final List<Map.Entry<String, String>> input = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            final String key = "visitor-" + (i * 7919 % 53);
            input.add(Map.entry(key, "{}"));
            truth.merge(key, 1L, Long::sum);
        }
        kafka.produce(topic, input);
        final JobConfig config = JobConfig.of(Map.ofEntries(Map.entry("job.name", job), Map.entry("job.factory", "local"),
                Map.entry("task.class", CountingTask.class.getName()), Map.entry("task.inputs", topic),
                Map.entry("systems.kafka.bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("task.batch.size", "100"), Map.entry("task.commit.ms", "50"),
                Map.entry("stores.counts.factory", "redis"), Map.entry("stores.counts.redis.uri", redis.uri()),
                Map.entry("stores.counts.value.serde", "long"), Map.entry("task.checkpoint.store", "counts")));
        final LocalJobRunner runner = new LocalJobRunner(config);
        final CompletableFuture<Integer> running = CompletableFuture.supplyAsync(runner::run);

        Awaitility.await("job " + job + " to count a quarter of its input").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> countsOf(config, truth.keySet()).values().stream().mapToLong(Long::longValue).sum()
                        >= records / 4);
        redis.stop();
        // The outage itself: Redis stays down for three seconds while the job keeps running.
        Awaitility.await("Redis to stay down for 3 s").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> !redis.isRunning() && !running.isDone());
        redis.start();
        Awaitility.await("job " + job + " to process all " + records + " records").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> checkpointedRecords(job, topic) >= records);
        runner.stop();

        assertThat(running.get(1, TimeUnit.MINUTES)).as("exit status of the local job").isZero();
        assertThat(countsOf(config, truth.keySet())).isEqualTo(truth);
    }

    private static Map<String, Long> countsOf(JobConfig config, java.util.Set<String> keys) {
        final Map<String, Long> result = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            try (AssembledTaskStores reader = StoreAssembly.open(config, "Partition " + p, p)) {
                reader.<String, Long>store("counts").getAll(keys).forEach((k, v) -> result.merge(k, v, Long::sum));
            }
        }
        return result;
    }

    /** Records covered by the tasks' checkpoints, read at the documented Redis keys. */
    private long checkpointedRecords(String job, String topic) {
        long total = 0;
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            for (int p = 0; p < 2; p++) {
                final byte[] stored = client.get(("riffle:{" + job + ":1:Partition " + p + "}:counts:checkpoint")
                        .getBytes(StandardCharsets.UTF_8));
                if (stored != null) {
                    total += Checkpoints.decode(stored, "task " + p).getOrDefault(new TopicPartition(topic, p), 0L);
                }
            }
        }
        return total;
    }

    /**
     * Repeats a call that failed for a reason that may pass, as the runtime's {@code Retrier} does (here by
     * Awaitility's polling, for as long as the test allows); any other failure ends the wait at once.
     */
    private static <T> T untilItSucceeds(Supplier<T> call) {
        final AtomicReference<T> result = new AtomicReference<>();
        Awaitility.await("a store call to succeed once Redis is back").atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof StoreException se && se.isRetriable())
                .until(() -> {
                    result.set(call.get());
                    return true;
                });
        return result.get();
    }

    /** Batch {@code b} counts the keys {@code k-(b mod KEYS)} up to 10 further ones, so counts differ per key. */
    private static List<String> keysOf(int batch) {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i <= batch % 11; i++) {
            keys.add("k-" + (batch + i) % KEYS);
        }
        return keys;
    }

    private static Map<String, Long> trueCounts(int batches) {
        final Map<String, Long> truth = new HashMap<>();
        for (int batch = 1; batch <= batches; batch++) {
            keysOf(batch).forEach(key -> truth.merge(key, 1L, Long::sum));
        }
        return truth;
    }
}
