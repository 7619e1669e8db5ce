package dev.riffle.yarn.am;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.riffle.runner.config.SecretMasking;
import dev.riffle.runner.protocol.JobStatus;
import dev.riffle.runner.protocol.TaskSummary;
import dev.riffle.runner.protocol.WireFormat;

/**
 * Turns a {@link JobSnapshot} into the document served at {@code GET /api/status} (see
 * {@code docs/yarn.md}): job, containers and, when containers report them, tasks with offsets, lag
 * and records per second.
 */
final class StatusJson {

    private StatusJson() {
    }

    static JobStatus render(final JobSnapshot snapshot, final String applicationId, final int attempt,
                            final long startedMs, final long nowMs) {
        final List<JobStatus.Container> containers = new ArrayList<>();
        final List<JobStatus.Task> tasks = new ArrayList<>();
        for (JobSnapshot.Container c : snapshot.containers()) {
            final boolean reported = c.report() != null;
            containers.add(new JobStatus.Container(c.logicalId(), c.state(), c.host(), c.clusterContainerId(),
                    c.partitions(), c.restarts(), c.lastExitStatus(), SecretMasking.maskText(c.lastDiagnostics()),
                    c.lastReportMs() == 0 ? null : nowMs - c.lastReportMs(), reported ? c.report().pid() : null,
                    reported ? c.report().metrics() : null));
            for (Integer partition : c.partitions()) {
                tasks.add(task(c, partition));
            }
        }
        tasks.sort(Comparator.comparingInt(JobStatus.Task::partition));
        return new JobStatus(WireFormat.VERSION, snapshot.jobName(), applicationId, attempt, snapshot.state(),
                nowMs - startedMs, SecretMasking.maskText(snapshot.diagnostics()), snapshot.taskCount(), containers,
                tasks);
    }

    private static JobStatus.Task task(final JobSnapshot.Container c, final int partition) {
        if (c.report() != null) {
            for (TaskSummary reported : c.report().tasks()) {
                if (reported.partition() == partition) {
                    return JobStatus.Task.reported(c.logicalId(), reported);
                }
            }
        }
        return JobStatus.Task.unreported(partition, c.logicalId());
    }
}
