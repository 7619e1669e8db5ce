package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.store.AssembledTaskStores;
import dev.riffle.runner.store.StoreAssembly;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.RedisFixture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;

/**
 * Stops the real Redis server in the middle of a run of batches that count keys through the assembled
 * stores, starts it again, and checks every count and the checkpoint: the retried writes landed exactly
 * once. The server is told to save its data when it stops (as a production Redis with persistence would),
 * so the outage loses connections, not data.
 */
@ExtendWith(FixturesExtension.class)
class RedisOutageIT {

    private static final TopicPartition INPUT = new TopicPartition("visits", 0);
    private static final int BATCHES = 150;
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
        final AtomicReference<AssembledTaskStores> running = new AtomicReference<>();

        final CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
            try (AssembledTaskStores stores = StoreAssembly.open(config, "task-0", 0)) {
                running.set(stores);
                stores.claimAndReadCheckpoint();
                final KeyValueStore<String, Long> counts = stores.store("counts");
                for (int batch = 1; batch <= BATCHES; batch++) {
                    final List<String> keys = keysOf(batch);
                    final Map<String, Long> current = counts.getAll(keys);
                    for (String key : keys) {
                        counts.put(key, current.getOrDefault(key, 0L) + 1);
                    }
                    stores.flush();
                    stores.commitCheckpoint(Map.of(INPUT, (long) batch));
                    committed.set(batch);
                }
            }
        });

        Awaitility.await("a third of the batches to commit").atMost(Duration.ofSeconds(60))
                .until(() -> committed.get() >= BATCHES / 3);
        redis.stop();
        Awaitility.await("the task to retry the unreachable store six times (over 3 s of backoff)")
                .atMost(Duration.ofSeconds(60))
                .until(() -> running.get().metrics().get("counts").retries() >= 6);
        assertThat(committed.get()).as("no batch commits while Redis is down").isLessThan(BATCHES);
        redis.start();
        task.get(2, TimeUnit.MINUTES);

        try (AssembledTaskStores reader = StoreAssembly.open(config, "task-0", 0)) {
            assertThat(reader.claimAndReadCheckpoint()).contains(Map.of(INPUT, (long) BATCHES));
            final KeyValueStore<String, Long> counts = reader.store("counts");
            assertThat(counts.getAll(trueCounts().keySet())).isEqualTo(trueCounts());
        }
    }

    /** Batch {@code b} counts the keys {@code k-(b mod KEYS)} up to 10 further ones, so counts differ per key. */
    private static List<String> keysOf(int batch) {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i <= batch % 11; i++) {
            keys.add("k-" + (batch + i) % KEYS);
        }
        return keys;
    }

    private static Map<String, Long> trueCounts() {
        final Map<String, Long> truth = new HashMap<>();
        for (int batch = 1; batch <= BATCHES; batch++) {
            keysOf(batch).forEach(key -> truth.merge(key, 1L, Long::sum));
        }
        return truth;
    }
}
