package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretMaskingTest {

    @ParameterizedTest(name = "{0}={1} is shown as {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // secret by the key's name: the whole value goes
        "stores.counts.redis.password            | hunter2                                  | ****",
        "systems.kafka.consumer.ssl.key.password | hunter2                                  | ****",
        "systems.kafka.producer.sasl.jaas.config | `PlainLoginModule required password=\"x\";` | ****",
        "visitors.webhook.TOKEN                  | abc                                      | ****",
        "app.client.secret                       | s3cr3t                                   | ****",
        "aws.credentials.provider                | whatever                                 | ****",
        "schema.registry.basic.auth.user.info    | user:pw                                  | ****",
        // an empty secret stays empty, so "not set" is still visible
        "stores.counts.redis.password            | ``                                       | ``",
        // URIs: only the user-info password goes
        "stores.counts.redis.uri                 | redis://user:pw@127.0.0.1:6379           | redis://user:****@127.0.0.1:6379",
        "stores.counts.redis.uri                 | rediss://:pw@cache.example:6380/2        | rediss://:****@cache.example:6380/2",
        "stores.counts.redis.uri                 | redis://127.0.0.1:6379                   | redis://127.0.0.1:6379",
        "visitors.webhook.url                    | https://TOKEN@hooks.example/x            | https://****@hooks.example/x",
        "visitors.webhook.url                    | https://hooks.example/a@b                | https://hooks.example/a@b",
        // ordinary keys are untouched, even when they contain "key"
        "streams.visits.key.serde                | string                                   | string",
        "systems.kafka.bootstrap.servers         | 127.0.0.1:9092,127.0.0.1:9093            | 127.0.0.1:9092,127.0.0.1:9093",
        "task.class                              | dev.riffle.Task                          | dev.riffle.Task",
    })
    void shouldMaskValuesOfSecretKeysAndUriPasswords(final String key, final String value, final String shown) {
        assertThat(SecretMasking.maskValue(key, value == null ? "" : value)).isEqualTo(shown == null ? "" : shown);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`'redis://u:pw@h:1/x y' is not a Redis URI`      | `'redis://u:****@h:1/x y' is not a Redis URI`",
        "`login with password=hunter2, then retry`        | `login with password=****, then retry`",
        "`required username=\"a\" password=\"b\";`        | `required username=\"a\" password=\"****\";`",
        "`ssl.key.password: 'abc' is wrong`               | `ssl.key.password: '****' is wrong`",
        "`Container 0 exited with status 1 at node1:8041` | `Container 0 exited with status 1 at node1:8041`",
    })
    void shouldMaskSecretsInFreeText(final String text, final String shown) {
        assertThat(SecretMasking.maskText(text)).isEqualTo(shown);
    }

    @Test
    void shouldMaskAWholeConfigurationAndSortItsKeys() {
        final Map<String, String> config = new LinkedHashMap<>();
        config.put("stores.s.redis.uri", "redis://default:pw@h:6379");
        config.put("job.name", "visitor-counter");
        config.put("stores.s.redis.password", "pw");

        assertThat(SecretMasking.mask(config)).containsExactly(
                Map.entry("job.name", "visitor-counter"),
                Map.entry("stores.s.redis.password", "****"),
                Map.entry("stores.s.redis.uri", "redis://default:****@h:6379"));
    }

    @Test
    void shouldLeaveNullsAlone() {
        assertThat(SecretMasking.maskValue("a.password", null)).isNull();
        assertThat(SecretMasking.maskText(null)).isNull();
        assertThat(SecretMasking.isSecretKey(null)).isFalse();
    }
}
