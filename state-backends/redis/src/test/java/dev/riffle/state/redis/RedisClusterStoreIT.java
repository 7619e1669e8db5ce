package dev.riffle.state.redis;

import dev.riffle.runner.store.StoreContractTest;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.RedisClusterFixture;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store contract against a real Redis Cluster of three masters: MGET and the commit script only work
 * there because a task's keys, checkpoint and generation share one hash tag (one slot).
 */
@ExtendWith(FixturesExtension.class)
class RedisClusterStoreIT extends StoreContractTest {

    @Override
    protected Map<String, String> backendSettings(String store) {
        return Map.of("factory", "redis", "redis.cluster.nodes", RedisClusterFixture.shared().nodes());
    }
}
