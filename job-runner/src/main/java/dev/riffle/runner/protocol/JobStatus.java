package dev.riffle.runner.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The document of the application master's {@code GET /api/status} (docs/yarn.md, section 4), read by
 * {@code status-job.sh}, the job's web page and scripts: the job, its logical containers and its tasks.
 *
 * @param uptimeMs since this AM attempt started
 * @param taskCount the job's tasks (the largest partition count of its inputs)
 */
public record JobStatus(int protocol, String job, String applicationId, int attempt, String state, long uptimeMs,
                        String diagnostics, int taskCount, List<Container> containers, List<Task> tasks)
        implements Versioned {

    public JobStatus {
        containers = containers == null ? List.of() : List.copyOf(containers);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /**
     * One logical container. {@code pid}, {@code metrics} and {@code heartbeatAgeMs} come from its last
     * heartbeat and are null before the first.
     *
     * @param id the logical id
     * @param state WAITING, LAUNCHING, RUNNING, STOPPING or FINISHED
     */
    public record Container(String id, String state, String host, String yarnContainerId, List<Integer> partitions,
                            int restarts, Integer lastExitStatus, String lastDiagnostics, Long heartbeatAgeMs,
                            Long pid, ContainerTotals metrics) {
        public Container {
            partitions = partitions == null ? List.of() : List.copyOf(partitions);
        }
    }

    /** One task; the fields after {@code container} come from its container's last heartbeat, absent before it. */
    public record Task(int partition, String container,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> offsets,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long lag,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long records,
                       @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("records-per-second")
                       Double recordsPerSecond) {

        /** A task its container has not reported yet. */
        public static Task unreported(final int partition, final String container) {
            return new Task(partition, container, null, null, null, null);
        }

        /** A task with what its container last reported. */
        public static Task reported(final String container, final TaskSummary summary) {
            return new Task(summary.partition(), container, summary.offsets(), summary.lag(), summary.records(),
                    summary.recordsPerSecond());
        }
    }
}
