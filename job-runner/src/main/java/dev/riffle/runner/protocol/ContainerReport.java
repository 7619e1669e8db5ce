package dev.riffle.runner.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a container posts to the application master's {@code POST /api/heartbeat} every few seconds
 * (docs/yarn.md, section 4): who it is, its totals and its tasks for {@code /api/status}, and the
 * detailed {@code measurements} the AM serves at {@code GET /metrics} (docs/metrics.md).
 *
 * @param container the logical container id ({@code RIFFLE_CONTAINER_ID}); required
 * @param yarnContainerId the YARN container it runs in ({@code RIFFLE_YARN_CONTAINER_ID}); required
 * @param metrics totals over the container's tasks; {@code null} only from a sender that sent none
 * @param tasks one summary per task
 * @param measurements the source of {@code GET /metrics}; {@code null} only from a sender that sent none
 */
public record ContainerReport(int protocol, String container, String yarnContainerId, long pid,
                              ContainerTotals metrics, List<TaskSummary> tasks, Measurements measurements)
        implements Versioned {

    public ContainerReport {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /**
     * Checks what the AM needs to place the report.
     *
     * @throws IllegalArgumentException naming the missing field
     */
    public ContainerReport requireIdentity() {
        if (container == null || container.isBlank() || yarnContainerId == null || yarnContainerId.isBlank()) {
            throw new IllegalArgumentException("a heartbeat needs \"container\" (the logical id) and \"yarnContainerId\"");
        }
        return this;
    }

    /** The container's own numbers and one detailed report per task. */
    public record Measurements(long polls,
                               @JsonProperty("paused-partitions") long pausedPartitions,
                               @JsonProperty("heartbeat-failures") long heartbeatFailures,
                               List<TaskReport> tasks) {
        public Measurements {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }
}
