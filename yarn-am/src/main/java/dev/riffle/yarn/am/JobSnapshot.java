package dev.riffle.yarn.am;

import java.util.List;

import dev.riffle.runner.protocol.ContainerReport;

/**
 * A consistent copy of what the application master knows about the job, taken under the
 * coordinator's lock; the status page renders it.
 */
public record JobSnapshot(String jobName, String state, String diagnostics, int taskCount, List<Container> containers) {

    /** One logical container; {@code report} is its last heartbeat, null before the first. */
    public record Container(String logicalId, List<Integer> partitions, String state, String clusterContainerId,
                            String host, int restarts, Integer lastExitStatus, String lastDiagnostics,
                            ContainerReport report, long lastReportMs) {
    }
}
