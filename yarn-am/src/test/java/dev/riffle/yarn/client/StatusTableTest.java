package dev.riffle.yarn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void shouldPrintContainersAndTasksAsTables() {
        final Map<String, Object> status = Map.of("job", "counter_1", "applicationId", "application_1_0001",
                "attempt", 2, "state", "RUNNING", "uptimeMs", 61_000, "taskCount", 2, "diagnostics", "",
                "containers", List.of(Map.of("id", "0", "state", "RUNNING", "host", "node1",
                        "yarnContainerId", "container_1_0001_02_000002", "partitions", List.of(0, 1), "restarts", 3,
                        "metrics", Map.of("records-per-second", 1234.56, "lag", 7))),
                "tasks", List.of(Map.of("partition", 0, "container", "0", "lag", 7, "records-per-second", 1000.0),
                        Map.of("partition", 1, "container", "0")));

        final String table = StatusTable.render(status);

        assertThat(table).startsWith("Job counter_1 (application_1_0001, AM attempt 2): RUNNING, up 61 s, 2 tasks");
        assertThat(table).containsPattern("0\\s+RUNNING\\s+node1\\s+container_1_0001_02_000002\\s+\\[0, 1]\\s+3\\s+-\\s+1234.6\\s+7");
        assertThat(table).containsPattern("Partition 0\\s+0\\s+-\\s+7\\s+-\\s+1000.0");
        assertThat(table).containsPattern("Partition 1\\s+0\\s+-\\s+-\\s+-\\s+-");
    }
}
