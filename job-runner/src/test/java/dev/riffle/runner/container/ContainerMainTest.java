package dev.riffle.runner.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.ContainerModelDocument;

class ContainerMainTest {

    private static final String MODEL = ContainerModelDocument.of("broken-1",
            JobModel.build("broken", "1", List.of("in"), Map.of("in", 1), 1).container("0")).encode();

    @Test
    void shouldExitWithConfigErrorWhenTheConfigPathIsNotSet() {
        assertThat(ContainerMain.run(Map.of(ContainerLaunch.ENV_CONTAINER_ID, "0",
                ContainerLaunch.ENV_CONTAINER_MODEL, MODEL))).isEqualTo(ContainerMain.EXIT_CONFIG);
    }

    @Test
    void shouldExitWithConfigErrorWhenTheConfigFileDoesNotExist(@TempDir final Path dir) {
        assertThat(ContainerMain.run(Map.of(ContainerLaunch.ENV_CONFIG_PATH, dir.resolve("missing.properties").toString(),
                ContainerLaunch.ENV_CONTAINER_ID, "0", ContainerLaunch.ENV_CONTAINER_MODEL, MODEL)))
                .isEqualTo(ContainerMain.EXIT_CONFIG);
    }

    @Test
    void shouldExitWithConfigErrorWhenTheTaskClassDoesNotExist(@TempDir final Path dir) throws Exception {
        final Path config = dir.resolve("job.properties");
        Files.writeString(config, String.join("\n", "job.name=broken", "task.class=com.example.NoSuchTask",
                "task.inputs=in", "systems.kafka.bootstrap.servers=127.0.0.1:9"));

        assertThat(ContainerMain.run(Map.of(ContainerLaunch.ENV_CONFIG_PATH, config.toString(),
                ContainerLaunch.ENV_CONTAINER_ID, "0", ContainerLaunch.ENV_CONTAINER_MODEL, MODEL)))
                .isEqualTo(ContainerMain.EXIT_CONFIG);
    }

    @Test
    void shouldRunExactlyTheModelTheLauncherShipped() {
        final JobModel job = JobModel.build("visits-job", "1", List.of("visits", "users"), Map.of("visits", 4, "users", 2), 2);
        final String json = ContainerModelDocument.of("visits-job-1", job.container("1")).encode();

        assertThat(ContainerMain.containerModel(json, config("visits-job"), "1")).isEqualTo(job.container("1"));
    }

    @Test
    void shouldRefuseAModelMeantForAnotherContainerOrJobNamingTheVariable() {
        final String json = ContainerModelDocument.of("visits-job-1",
                JobModel.build("visits-job", "1", List.of("visits"), Map.of("visits", 2), 2).container("1")).encode();

        assertThatThrownBy(() -> ContainerMain.containerModel(json, config("visits-job"), "0"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(ContainerLaunch.ENV_CONTAINER_MODEL))
                .hasMessageContaining("model of container 1 of job visits-job-1, but this is container 0");
        assertThatThrownBy(() -> ContainerMain.containerModel(json, config("other-job"), "1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("of job other-job-1");
    }

    @Test
    void shouldRefuseAnUnreadableModelOrOneOfANewerProtocolNamingTheVariable() {
        for (String bad : List.of("0,2,4", base64("{\"protocol\":1,\"job\":\"visits-job-1\",\"container\":\"0\","
                + "\"tasks\":[]}"), base64("{\"protocol\":2,\"job\":\"visits-job-1\",\"container\":\"0\",\"tasks\":["
                + "{\"partition\":0,\"topics\":[\"visits\"]}]}"), "{\"protocol\":1}")) {
            assertThatThrownBy(() -> ContainerMain.containerModel(bad, config("visits-job"), "0")).as(bad)
                    .isInstanceOfSatisfying(ConfigException.class,
                            e -> assertThat(e.key()).isEqualTo(ContainerLaunch.ENV_CONTAINER_MODEL));
        }
        assertThatThrownBy(() -> ContainerMain.containerModel(base64("{\"protocol\":2,\"job\":\"visits-job-1\","
                + "\"container\":\"0\",\"tasks\":[]}"), config("visits-job"), "0"))
                .hasMessageContaining("protocol version 2").hasMessageContaining("reads versions up to 1");
    }

    private static String base64(final String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JobConfig config(final String job) {
        return JobConfig.of(Map.of("job.name", job, "task.class", "com.example.Task", "task.inputs", "visits",
                "systems.kafka.bootstrap.servers", "127.0.0.1:9"));
    }
}
