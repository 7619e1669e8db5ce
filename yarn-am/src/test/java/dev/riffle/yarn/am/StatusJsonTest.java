package dev.riffle.yarn.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatusJsonTest {

    @Test
    void shouldListEveryTaskWithWhatItsContainerLastReported() {
        final JobSnapshot snapshot = new JobSnapshot("job_1", "RUNNING", "", 4, List.of(
                new JobSnapshot.Container("0", List.of(0, 2), "RUNNING", "container_a", "h1", 1, 137, "killed",
                        Map.of("pid", 42, "metrics", Map.of("lag", 5),
                                "tasks", List.of(Map.of("partition", 2, "lag", 5, "offsets", Map.of("in", 10)))), 9_000),
                new JobSnapshot.Container("1", List.of(1, 3), "WAITING", null, null, 0, null, null, Map.of(), 0)));

        final Map<String, Object> doc = StatusJson.render(snapshot, "application_1_0001", 1, 1_000, 10_000);

        assertThat(doc).containsEntry("uptimeMs", 9_000L).containsEntry("taskCount", 4).containsEntry("state", "RUNNING");
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> tasks = (List<Map<String, Object>>) doc.get("tasks");
        assertThat(tasks).extracting(t -> t.get("partition")).containsExactly(0, 1, 2, 3);
        assertThat(tasks.get(2)).containsEntry("container", "0").containsEntry("lag", 5)
                .containsEntry("offsets", Map.of("in", 10));
        assertThat(tasks.get(0)).doesNotContainKey("lag");
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> containers = (List<Map<String, Object>>) doc.get("containers");
        assertThat(containers.get(0)).containsEntry("pid", 42).containsEntry("restarts", 1)
                .containsEntry("lastExitStatus", 137).containsEntry("heartbeatAgeMs", 1_000L);
        assertThat(containers.get(1)).containsEntry("heartbeatAgeMs", null);
    }

    @Test
    void shouldMaskPasswordsInDiagnostics() {
        final JobSnapshot snapshot = new JobSnapshot("job_1", "FAILED", "cannot reach redis://app:hunter2@cache:6379", 1,
                List.of(new JobSnapshot.Container("0", List.of(0), "FINISHED", "container_a", "h1", 8, 1,
                        "Exception: password=hunter2 rejected", Map.of(), 0)));

        final Map<String, Object> doc = StatusJson.render(snapshot, "application_1_0001", 1, 0, 1);

        assertThat(doc.get("diagnostics")).isEqualTo("cannot reach redis://app:****@cache:6379");
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> containers = (List<Map<String, Object>>) doc.get("containers");
        assertThat(containers.get(0)).containsEntry("lastDiagnostics", "Exception: password=**** rejected");
    }
}
