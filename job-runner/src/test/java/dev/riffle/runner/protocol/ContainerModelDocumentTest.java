package dev.riffle.runner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.model.JobModel;

class ContainerModelDocumentTest {

    @Test
    void shouldCarryEveryContainerOfTheJobModelUnchanged() {
        // Inputs with different partition counts: tasks 2 and 3 read only "visits".
        final JobModel job = JobModel.build("visits-job", "1", List.of("visits", "users"),
                Map.of("visits", 4, "users", 2), 2);

        for (ContainerModel container : job.containers().values()) {
            final String encoded = ContainerModelDocument.of("visits-job-1", container).encode();
            final ContainerModelDocument read = ContainerModelDocument.decode(encoded);

            assertThat(read.toModel()).isEqualTo(container);
            assertThat(read.job()).isEqualTo("visits-job-1");
            assertThat(read.protocol()).isEqualTo(WireFormat.VERSION);
        }
        final String encoded = ContainerModelDocument.of("visits-job-1", job.container("1")).encode();
        // YARN writes it between double quotes into a shell script, unescaped: no quote, $, ` or \ may appear.
        assertThat(encoded).matches("[A-Za-z0-9+/=]+");
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .isEqualTo("{\"protocol\":1,\"job\":\"visits-job-1\",\"container\":\"1\",\"tasks\":["
                        + "{\"partition\":1,\"topics\":[\"users\",\"visits\"]},{\"partition\":3,\"topics\":[\"visits\"]}]}");
    }

    @Test
    void shouldRefuseAModelTooLargeForTheLaunchEnvironmentNamingTheFix() {
        final JobModel job = JobModel.build("big", "1", List.of("a-rather-long-input-topic-name"),
                Map.of("a-rather-long-input-topic-name", 5_000), 1);

        assertThatThrownBy(() -> ContainerModelDocument.of("big-1", job.container("0")).encode())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logical container 0 of job big-1 (5000 tasks)")
                .hasMessageContaining("raise job.container.count");
        assertThat(JobModel.build("big", "1", List.of("a-rather-long-input-topic-name"),
                Map.of("a-rather-long-input-topic-name", 5_000), 20).containers().values())
                .allSatisfy(c -> assertThat(ContainerModelDocument.of("big-1", c).encode()).isNotEmpty());
    }

    @Test
    void shouldRefuseTextThatIsNotAnEncodedDocument() {
        assertThatThrownBy(() -> ContainerModelDocument.decode("0,2,4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not Base64-encoded JSON");
        assertThatThrownBy(() -> ContainerModelDocument.decode(Base64.getEncoder().encodeToString(
                "{\"protocol\":9}".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(UnsupportedProtocolException.class);
    }

    @Test
    void shouldRefuseADocumentWithoutTasksOrWithATaskTwice() {
        assertThatThrownBy(() -> new ContainerModelDocument(1, "j-1", "0", List.of()).toModel())
                .hasMessageContaining("names no task");
        assertThatThrownBy(() -> new ContainerModelDocument(1, "j-1", "0", List.of(
                new ContainerModelDocument.Task(2, List.of("in")), new ContainerModelDocument.Task(2, List.of("in"))))
                .toModel()).hasMessageContaining("names task Partition 2 twice");
        assertThatThrownBy(() -> new ContainerModelDocument(1, "j-1", "0", List.of(
                new ContainerModelDocument.Task(2, List.of()))).toModel()).hasMessageContaining("names no input topic");
    }
}
