package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

@ExtendWith(FixturesExtension.class)
class RedisClusterFixtureIT {

    @Test
    void shouldStoreAndReturnValuesAcrossThreeMasters(final RedisClusterFixture cluster) {
        final Set<HostAndPort> nodes = cluster.addresses().stream()
                .map(a -> new HostAndPort(a.getHostString(), a.getPort())).collect(Collectors.toSet());
        assertThat(cluster.nodes().split(",")).hasSize(3);

        try (RedisClusterClient jedis = RedisClusterClient.create(nodes)) {
            assertThat(jedis.getClusterNodes()).hasSize(3);
            // Keys spread over the slots of all three masters.
            for (int i = 0; i < 30; i++) {
                jedis.set("smoke:" + i, "value-" + i);
            }
            for (int i = 0; i < 30; i++) {
                assertThat(jedis.get("smoke:" + i)).isEqualTo("value-" + i);
            }
        }
    }
}
