package dev.riffle.runner.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.riffle.api.config.ConfigException;

class ContainerMainTest {

    @Test
    void shouldExitWithConfigErrorWhenTheConfigPathIsNotSet() {
        assertThat(ContainerMain.run(Map.of(ContainerLaunch.ENV_CONTAINER_ID, "0",
                ContainerLaunch.ENV_TASK_PARTITIONS, "0"))).isEqualTo(ContainerMain.EXIT_CONFIG);
    }

    @Test
    void shouldExitWithConfigErrorWhenTheConfigFileDoesNotExist(@TempDir final Path dir) {
        assertThat(ContainerMain.run(Map.of(ContainerLaunch.ENV_CONFIG_PATH, dir.resolve("missing.properties").toString(),
                ContainerLaunch.ENV_CONTAINER_ID, "0", ContainerLaunch.ENV_TASK_PARTITIONS, "0")))
                .isEqualTo(ContainerMain.EXIT_CONFIG);
    }

    @Test
    void shouldExitWithConfigErrorWhenTheTaskClassDoesNotExist(@TempDir final Path dir) throws Exception {
        final Path config = dir.resolve("job.properties");
        Files.writeString(config, String.join("\n", "job.name=broken", "task.class=com.example.NoSuchTask",
                "task.inputs=in", "systems.kafka.bootstrap.servers=127.0.0.1:9"));

        assertThat(ContainerMain.run(Map.of(ContainerLaunch.ENV_CONFIG_PATH, config.toString(),
                ContainerLaunch.ENV_CONTAINER_ID, "0", ContainerLaunch.ENV_TASK_PARTITIONS, "0")))
                .isEqualTo(ContainerMain.EXIT_CONFIG);
    }

    @Test
    void shouldParseThePartitionListAndNameTheVariableWhenItIsBad() {
        assertThat(ContainerMain.parsePartitions("0, 2,4")).isEqualTo(List.of(0, 2, 4));
        assertThatThrownBy(() -> ContainerMain.parsePartitions("0,x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ContainerLaunch.ENV_TASK_PARTITIONS);
        assertThatThrownBy(() -> ContainerMain.parsePartitions(" , "))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ContainerLaunch.ENV_TASK_PARTITIONS);
    }
}
