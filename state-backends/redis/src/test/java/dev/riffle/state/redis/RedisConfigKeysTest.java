package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.ConfigCli;
import dev.riffle.runner.config.ConfigLoader;
import dev.riffle.runner.config.ConfigValidator;
import dev.riffle.runner.config.JobConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redis backend's keys, declared by {@link RedisBackendFactory}, as the validator checks them. */
class RedisConfigKeysTest {

    @TempDir
    Path dir;

    private static JobConfig config(String... pairs) {
        final Map<String, String> values = new TreeMap<>(Map.of("job.name", "j", "task.class", "com.example.Task",
                "task.inputs", "visits", "systems.kafka.bootstrap.servers", "127.0.0.1:9092",
                "stores.counts.factory", "redis"));
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return JobConfig.of(values);
    }

    @ParameterizedTest(name = "{0}={1} is an error about {0}")
    @CsvSource(delimiter = '|', value = {
        "stores.counts.redis.uri           | http://127.0.0.1:6379",
        "stores.counts.redis.uri           | redis://:6379",
        "stores.counts.redis.uri           | redis://cache",
        "stores.counts.redis.uri           | redis://cache:6379/zero",
        "stores.counts.redis.cluster.nodes | 10.0.0.1:7000,10.0.0.2",
        "stores.counts.redis.cluster.nodes | ' , '",
    })
    void shouldNameTheKeyOfEachBadValue(String key, String value) {
        assertThat(new ConfigValidator(false).validate(config(key, value)).errors())
                .singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith("config error: " + key + ": ");
                });
    }

    @Test
    void shouldAcceptTheDefaultsAndWarnAboutAMistypedKeyWithTheClosestOne() {
        assertThat(new ConfigValidator(false).validate(config()).errors()).isEmpty();
        final ConfigValidator.Result result = new ConfigValidator(false).validate(config(
                "stores.counts.redis.url", "redis://127.0.0.1:6379"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings())
                .containsExactly("stores.counts.redis.url: unknown key; did you mean stores.counts.redis.uri?");
    }

    @Test
    void shouldWarnWhenTheSettingsAreOnAStoreOfAnotherBackend() {
        assertThat(new ConfigValidator(false).validate(config("stores.counts.factory", "memory",
                "stores.counts.redis.uri", "redis://127.0.0.1:6379")).warnings())
                .containsExactly("stores.counts.redis.* is ignored because stores.counts.factory is memory");
    }

    @Test
    void shouldMaskTheRedisPasswordWhenItsUriIsRejectedAndExitWithStatusTwo() throws IOException {
        final Path file = dir.resolve("job.properties");
        Files.write(file, List.of("job.name=j", "task.inputs=visits", "systems.kafka.bootstrap.servers=127.0.0.1:9092",
                "task.class=com.example.Task", "stores.s.factory=redis",
                "stores.s.redis.uri=redis://app:hunter2@cache:99999"), StandardCharsets.UTF_8);
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        int status = -1;
        try {
            ConfigCli.load(file, List.of(), false, new ConfigLoader(Map.of()), err);
        } catch (ConfigException e) {
            status = ConfigCli.report(e, err);
        }
        assertThat(status).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("config error: stores.s.redis.uri: 'redis://app:****@cache:99999'")
                .doesNotContain("hunter2");
    }
}
