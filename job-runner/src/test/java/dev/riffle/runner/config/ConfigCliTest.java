package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.config.ConfigException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);

    private Path file(String... lines) throws IOException {
        final Path file = dir.resolve("job.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldPrintEveryErrorAndExitWithStatusTwo() throws IOException {
        final Path file = file("task.inputs=visits", "systems.kafka.bootstrap.servers=127.0.0.1:9092",
                "task.batch.size=0", "task.class=" + TestTasks.Echo.class.getName());
        final AtomicInteger status = new AtomicInteger(-1);
        assertThatThrownBy(() -> ConfigCli.loadOrExit(file, List.of(), true, new ConfigLoader(Map.of()), err,
                status::set)).isInstanceOf(ConfigException.class);
        assertThat(status.get()).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(
                "config error: job.name: is required but not set",
                "config error: task.batch.size: '0' must be at least 1",
                "2 configuration errors; nothing was started.");
    }

    @Test
    void shouldRefuseATtlOnTheCheckpointStoreWithStatusTwo() throws IOException {
        final Path file = file("job.name=j", "task.inputs=visits", "systems.kafka.bootstrap.servers=127.0.0.1:9092",
                "task.class=" + TestTasks.Echo.class.getName(), "stores.visitors.factory=redis",
                "task.checkpoint.store=visitors", "stores.visitors.ttl.ms=2700000");
        final AtomicInteger status = new AtomicInteger(-1);
        assertThatThrownBy(() -> ConfigCli.loadOrExit(file, List.of(), true, new ConfigLoader(Map.of()), err,
                status::set)).isInstanceOf(ConfigException.class);
        assertThat(status.get()).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(
                "config error: stores.visitors.ttl.ms: store 'visitors' is the task.checkpoint.store, so its entries"
                        + " may not expire by wall clock",
                "1 configuration error; nothing was started.");
    }

    @Test
    void shouldReturnAValidConfigAndPrintWarnings() throws IOException {
        final Path file = file("job.name=j", "task.inputs=visits", "systems.kafka.bootstrap.servers=127.0.0.1:9092",
                "task.class=" + TestTasks.Echo.class.getName(), "task.batch.sise=3");
        final AtomicInteger status = new AtomicInteger(-1);
        final JobConfig config = ConfigCli.loadOrExit(file, List.of("job.container.count=2"), true,
                new ConfigLoader(Map.of()), err, status::set);
        assertThat(status.get()).isEqualTo(-1);
        assertThat(config.get(RiffleConfig.JOB_CONTAINER_COUNT)).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("config warning: task.batch.sise: unknown key; did you mean task.batch.size?");
    }

    @Test
    void shouldMaskAPasswordQuotedInARejectedValue() throws IOException {
        // The redis backend's own case (a redis:// URI): RedisConfigKeysTest.
        final Path file = file("job.name=j", "task.inputs=visits", "systems.kafka.bootstrap.servers=127.0.0.1:9092",
                "task.class=" + TestTasks.Echo.class.getName(), "task.dead-letter.topic=https://app:hunter2@hooks");
        assertThatThrownBy(() -> ConfigCli.loadOrExit(file, List.of(), true, new ConfigLoader(Map.of()), err,
                status -> { })).isInstanceOf(ConfigException.class);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("config error: task.dead-letter.topic: 'https://app:****@hooks'")
                .doesNotContain("hunter2");
    }
}
