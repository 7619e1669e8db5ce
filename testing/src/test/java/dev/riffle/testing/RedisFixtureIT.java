package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

@ExtendWith(FixturesExtension.class)
class RedisFixtureIT {

    @Test
    void shouldStoreAndReturnAValue(final RedisFixture redis) {
        try (RedisClient jedis = RedisClient.create(redis.host(), redis.port())) {
            jedis.set("smoke:key", "smoke-value");

            assertThat(jedis.get("smoke:key")).isEqualTo("smoke-value");
        }
    }

    @Test
    void shouldComeBackOnTheSamePortAfterAnOutage(final RedisFixture redis) {
        final int port = redis.port();

        redis.stop();
        try (RedisClient jedis = RedisClient.create(redis.host(), port)) {
            assertThatThrownBy(() -> jedis.ping()).isInstanceOf(JedisConnectionException.class);
        }
        redis.start();

        assertThat(redis.port()).isEqualTo(port);
        try (RedisClient jedis = RedisClient.create(URI.create(redis.uri()))) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }
}
