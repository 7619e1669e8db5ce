package dev.riffle.yarn.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.ContainerTotals;
import dev.riffle.runner.protocol.JobStatus;
import dev.riffle.runner.protocol.TaskSummary;
import dev.riffle.runner.protocol.WireFormat;

class StatusJsonTest {

    /** The document as a client sees it: the JSON {@code GET /api/status} answers, read as plain maps. */
    private static Map<String, Object> json(final JobStatus status) throws Exception {
        return new ObjectMapper().readValue(WireFormat.toBytes(status), new TypeReference<Map<String, Object>>() { });
    }

    @Test
    void shouldListEveryTaskWithWhatItsContainerLastReported() throws Exception {
        final ContainerReport report = new ContainerReport(WireFormat.VERSION, "0", "container_a", 42,
                new ContainerTotals(2, 10, 2.5, 0, 0, 5, 1, 3, 0, 4, 0),
                List.of(new TaskSummary(2, Map.of("in", 10L), 5, 10, 2.5)), null);
        final JobSnapshot snapshot = new JobSnapshot("job_1", "RUNNING", "", 4, List.of(
                new JobSnapshot.Container("0", List.of(0, 2), "RUNNING", "container_a", "h1", 1, 137, "killed",
                        report, 9_000),
                new JobSnapshot.Container("1", List.of(1, 3), "WAITING", null, null, 0, null, null, null, 0)));

        final Map<String, Object> doc = json(StatusJson.render(snapshot, "application_1_0001", 1, 1_000, 10_000));

        assertThat(doc).containsEntry("uptimeMs", 9_000).containsEntry("taskCount", 4).containsEntry("state", "RUNNING")
                .containsEntry("protocol", WireFormat.VERSION);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> tasks = (List<Map<String, Object>>) doc.get("tasks");
        assertThat(tasks).extracting(t -> t.get("partition")).containsExactly(0, 1, 2, 3);
        assertThat(tasks.get(2)).containsEntry("container", "0").containsEntry("lag", 5)
                .containsEntry("offsets", Map.of("in", 10)).containsEntry("records-per-second", 2.5);
        assertThat(tasks.get(0)).containsOnlyKeys("partition", "container");
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> containers = (List<Map<String, Object>>) doc.get("containers");
        assertThat(containers.get(0)).containsEntry("pid", 42).containsEntry("restarts", 1)
                .containsEntry("lastExitStatus", 137).containsEntry("heartbeatAgeMs", 1_000);
        assertThat(containers.get(0).get("metrics")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("records-per-second", 2.5).containsEntry("lag", 5);
        assertThat(containers.get(1)).containsEntry("heartbeatAgeMs", null).containsEntry("pid", null);
    }

    @Test
    void shouldMaskPasswordsInDiagnostics() {
        final JobSnapshot snapshot = new JobSnapshot("job_1", "FAILED", "cannot reach redis://app:hunter2@cache:6379", 1,
                List.of(new JobSnapshot.Container("0", List.of(0), "FINISHED", "container_a", "h1", 8, 1,
                        "Exception: password=hunter2 rejected", null, 0)));

        final JobStatus doc = StatusJson.render(snapshot, "application_1_0001", 1, 0, 1);

        assertThat(doc.diagnostics()).isEqualTo("cannot reach redis://app:****@cache:6379");
        assertThat(doc.containers().get(0).lastDiagnostics()).isEqualTo("Exception: password=**** rejected");
    }
}
