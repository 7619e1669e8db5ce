package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        final Path file = dir.resolve("job.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldLoadPropertiesKeepingCommaListsRaw() throws IOException {
        final JobConfig config = new ConfigLoader(Map.of()).load(file(
                "# a comment",
                "job.name = visitor-counter",
                "task.inputs=visits, clicks",
                "task.batch.size: 100"));
        assertThat(config.get("task.inputs")).contains("visits, clicks");
        assertThat(config.get(RiffleConfig.TASK_INPUTS)).containsExactly("visits", "clicks");
        assertThat(config.get(RiffleConfig.TASK_BATCH_SIZE)).isEqualTo(100);
        assertThat(config.get("job.name")).contains("visitor-counter");
    }

    @Test
    void shouldInterpolateEnvironmentVariables() throws IOException {
        final JobConfig config = new ConfigLoader(Map.of("REDIS_HOST", "cache.local", "PORT", "6380")).load(file(
                "stores.counts.redis.uri=redis://${env:REDIS_HOST}:${env:PORT}/0",
                "plain=no variables"));
        assertThat(config.get("stores.counts.redis.uri")).contains("redis://cache.local:6380/0");
        assertThat(config.get("plain")).contains("no variables");
    }

    @Test
    void shouldNameTheKeyAndTheVariableWhenAVariableIsUnset() throws IOException {
        final Path file = file("stores.counts.cassandra.password=${env:CASSANDRA_PASSWORD}");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigValidationException.class, e ->
                        assertThat(e.keys()).containsExactly("stores.counts.cassandra.password"))
                .hasMessageStartingWith("config error: stores.counts.cassandra.password: ")
                .hasMessageContaining("environment variable CASSANDRA_PASSWORD is not set");
    }

    @Test
    void shouldRejectInterpolationOtherThanEnv() throws IOException {
        final Path file = file("task.opts=${sys:user.home}");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigValidationException.class, e ->
                        assertThat(e.keys()).containsExactly("task.opts"))
                .hasMessageContaining("only ${env:VAR} is interpolated");
    }

    @Test
    void shouldApplyOverridesOnTopOfTheFileLastOneWinning() throws IOException {
        final Path file = file("task.batch.size=100", "job.name=a");
        final JobConfig config = new ConfigLoader(Map.of("SIZE", "7")).load(file,
                List.of("task.batch.size=200", "task.batch.size=${env:SIZE}", "task.opts=-Xmx1g -Da=b", "extra="));
        assertThat(config.get(RiffleConfig.TASK_BATCH_SIZE)).isEqualTo(7);
        assertThat(config.get("task.opts")).contains("-Xmx1g -Da=b");
        assertThat(config.get("job.name")).contains("a");
        assertThat(config.get("extra")).contains("");
    }

    @Test
    void shouldRejectMalformedOverridesNamingTheOption() throws IOException {
        final Path file = file("job.name=a");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file, List.of("foo", "=bar")))
                .isInstanceOfSatisfying(ConfigValidationException.class, e ->
                        assertThat(e.keys()).containsExactly("--config", "--config"))
                .hasMessageContaining("config error: --config: 'foo' is not key=value")
                .hasMessageContaining("'=bar' is not key=value");
    }

    @Test
    void shouldRejectAKeySetTwice() throws IOException {
        final Path file = file("task.batch.size=1", "task.batch.size=2");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigValidationException.class, e ->
                        assertThat(e.keys()).containsExactly("task.batch.size"))
                .hasMessageContaining("is set 2 times");
    }

    @Test
    void shouldNameAMissingFile() {
        final Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(missing))
                .hasMessageStartingWith("config error: " + missing + ": no such file");
    }
}
