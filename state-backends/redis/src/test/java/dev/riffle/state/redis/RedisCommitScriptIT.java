package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreSpec;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.RedisClusterFixture;
import dev.riffle.testing.RedisFixture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The commit script with batches larger than one MSET/DEL chunk, against a real {@code redis-server} and a
 * real Redis Cluster: every put and delete lands with the checkpoint, puts carry the TTL only when the store
 * has one, and a stale generation writes nothing of a large batch.
 */
@ExtendWith(FixturesExtension.class)
class RedisCommitScriptIT {

    private static final int KEYS = 6_800; // a third deleted: two DEL chunks of 2,000 keys and more
    private static final long TTL_MS = 600_000;

    @ParameterizedTest(name = "{0}, ttl {1}")
    @ValueSource(strings = {"standalone:0", "standalone:600000", "cluster:0", "cluster:600000"})
    void shouldWriteEveryPutAndDeleteOfALargeBatchWithTheCheckpoint(String setup) {
        final boolean cluster = setup.startsWith("cluster");
        final long ttl = Long.parseLong(setup.substring(setup.indexOf(':') + 1));
        final TaskScope scope = new TaskScope("commit-it", UUID.randomUUID().toString().substring(0, 8), "counts",
                "task-0");
        try (StoreBackend backend = open(cluster, scope); UnifiedJedis raw = raw(cluster)) {
            final long generation = backend.claim(scope);
            final WriteBatch.Builder first = WriteBatch.builder(ttl);
            for (int i = 0; i < KEYS; i++) {
                first.put(key("k-" + i), key("old-" + i));
            }
            backend.commit(scope, first.build(), generation, null, key("checkpoint-1"));

            final WriteBatch.Builder second = WriteBatch.builder(ttl);
            for (int i = 0; i < KEYS; i++) {
                if (i % 3 == 0) {
                    second.delete(key("k-" + i));
                } else {
                    second.put(key("k-" + i), key("new-" + i));
                }
            }
            backend.commit(scope, second.build(), generation, key("checkpoint-1"), key("checkpoint-2"));

            final List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                keys.add(key("k-" + i));
            }
            final List<byte[]> values = backend.getAll(scope, keys);
            for (int i = 0; i < KEYS; i++) {
                final boolean deleted = i % 3 == 0;
                assertThat(values.get(i)).as("k-" + i).isEqualTo(deleted ? null : key("new-" + i));
            }
            assertThat(backend.readCheckpoint(scope)).contains(key("checkpoint-2"));
            final long expiry = raw.pttl(RedisKeys.of(scope).data(key("k-1")));
            if (ttl > 0) {
                assertThat(expiry).as("remaining TTL of a put").isBetween(1L, TTL_MS);
            } else {
                assertThat(expiry).as("a put without TTL never expires").isEqualTo(-1L);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standalone", "cluster"})
    void shouldWriteNothingOfALargeBatchWithAStaleGeneration(String setup) {
        final boolean cluster = "cluster".equals(setup);
        final TaskScope scope = new TaskScope("commit-it", UUID.randomUUID().toString().substring(0, 8), "counts",
                "task-0");
        try (StoreBackend zombie = open(cluster, scope); StoreBackend successor = open(cluster, scope)) {
            final long stale = zombie.claim(scope);
            successor.claim(scope);
            final WriteBatch.Builder batch = WriteBatch.builder(0);
            final List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                batch.put(key("k-" + i), key("v-" + i));
                keys.add(key("k-" + i));
            }
            assertThatThrownBy(() -> zombie.commit(scope, batch.build(), stale, null, key("checkpoint")))
                    .isInstanceOf(FencedException.class).hasMessageContaining("generation " + stale);

            assertThat(successor.getAll(scope, keys)).as("values written by the fenced commit").containsOnlyNulls();
            assertThat(successor.readCheckpoint(scope)).isEmpty();
        }
    }

    private static StoreBackend open(boolean cluster, TaskScope scope) {
        final Map<String, String> settings = cluster
                ? Map.of("redis.cluster.nodes", RedisClusterFixture.shared().nodes())
                : Map.of("redis.uri", RedisFixture.shared().uri());
        return new RedisBackendFactory().open(new StoreSpec(scope.store(), scope.jobName(), scope.jobId(), settings));
    }

    private static UnifiedJedis raw(boolean cluster) {
        if (!cluster) {
            return RedisClient.create(RedisFixture.shared().uri());
        }
        final Set<HostAndPort> nodes = new HashSet<>();
        for (String node : RedisClusterFixture.shared().nodes().split(",")) {
            nodes.add(HostAndPort.from(node.trim()));
        }
        return RedisClusterClient.builder().nodes(nodes).build();
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
