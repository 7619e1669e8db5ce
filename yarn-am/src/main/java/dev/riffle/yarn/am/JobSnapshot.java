package dev.riffle.yarn.am;

import java.util.List;
import java.util.Map;

/**
 * A consistent copy of what the application master knows about the job, taken under the
 * coordinator's lock; the status page renders it.
 */
public record JobSnapshot(String jobName, String state, String diagnostics, int taskCount, List<Container> containers) {

    /** One logical container; {@code report} is the last heartbeat's metrics, empty before the first. */
    public record Container(String logicalId, List<Integer> partitions, String state, String clusterContainerId,
                            String host, int restarts, Integer lastExitStatus, String lastDiagnostics,
                            Map<String, Object> report, long lastReportMs) {
    }
}
