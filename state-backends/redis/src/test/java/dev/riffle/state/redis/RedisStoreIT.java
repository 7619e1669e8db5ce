package dev.riffle.state.redis;

import dev.riffle.runner.store.StoreContractTest;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.RedisFixture;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

/** The store contract against a real standalone {@code redis-server}. */
@ExtendWith(FixturesExtension.class)
class RedisStoreIT extends StoreContractTest {

    @Override
    protected Map<String, String> backendSettings(String store) {
        return Map.of("factory", "redis", "redis.uri", RedisFixture.shared().uri());
    }
}
