package dev.riffle.yarn.am;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.riffle.runner.config.SecretMasking;

/**
 * Turns a {@link JobSnapshot} into the document served at {@code GET /api/status} (see
 * {@code docs/yarn.md}): job, containers and, when containers report them, tasks with offsets, lag
 * and records per second.
 */
final class StatusJson {

    private StatusJson() {
    }

    static Map<String, Object> render(final JobSnapshot snapshot, final String applicationId, final int attempt,
                                      final long startedMs, final long nowMs) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("job", snapshot.jobName());
        doc.put("applicationId", applicationId);
        doc.put("attempt", attempt);
        doc.put("state", snapshot.state());
        doc.put("uptimeMs", nowMs - startedMs);
        doc.put("diagnostics", SecretMasking.maskText(snapshot.diagnostics()));
        doc.put("taskCount", snapshot.taskCount());
        final List<Map<String, Object>> containers = new ArrayList<>();
        final List<Map<String, Object>> tasks = new ArrayList<>();
        for (JobSnapshot.Container c : snapshot.containers()) {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.logicalId());
            entry.put("state", c.state());
            entry.put("host", c.host());
            entry.put("yarnContainerId", c.clusterContainerId());
            entry.put("partitions", c.partitions());
            entry.put("restarts", c.restarts());
            entry.put("lastExitStatus", c.lastExitStatus());
            entry.put("lastDiagnostics", SecretMasking.maskText(c.lastDiagnostics()));
            entry.put("heartbeatAgeMs", c.lastReportMs() == 0 ? null : nowMs - c.lastReportMs());
            entry.put("pid", c.report().get("pid"));
            entry.put("metrics", c.report().getOrDefault("metrics", Map.of()));
            containers.add(entry);
            for (Integer partition : c.partitions()) {
                tasks.add(task(c, partition));
            }
        }
        tasks.sort(Comparator.comparingInt(t -> (Integer) t.get("partition")));
        doc.put("containers", containers);
        doc.put("tasks", tasks);
        return doc;
    }

    private static Map<String, Object> task(final JobSnapshot.Container c, final int partition) {
        final Map<String, Object> task = new LinkedHashMap<>();
        task.put("partition", partition);
        task.put("container", c.logicalId());
        final Object reported = c.report().get("tasks");
        if (reported instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("partition") instanceof Number n && n.intValue() == partition) {
                    m.forEach((k, v) -> {
                        if (!"partition".equals(k)) {
                            task.put(String.valueOf(k), v);
                        }
                    });
                }
            }
        }
        return task;
    }
}
