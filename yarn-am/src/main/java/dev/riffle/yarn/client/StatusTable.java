package dev.riffle.yarn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.riffle.runner.protocol.ContainerTotals;
import dev.riffle.runner.protocol.JobStatus;

/** Renders the application master's {@code /api/status} document as plain-text tables. */
final class StatusTable {

    /** Longest last-error text shown in the container table; {@code --json} has it in full. */
    static final int MAX_ERROR = 60;

    private StatusTable() {
    }

    static String render(final JobStatus status) {
        final StringBuilder out = new StringBuilder();
        out.append("Job ").append(status.job()).append(" (").append(status.applicationId())
                .append(", AM attempt ").append(status.attempt()).append("): ").append(status.state())
                .append(", up ").append(duration(status.uptimeMs())).append(", ")
                .append(status.taskCount()).append(" tasks\n");
        if (status.diagnostics() != null && !status.diagnostics().isBlank()) {
            out.append(status.diagnostics()).append('\n');
        }
        out.append('\n');
        final List<List<String>> containers = new ArrayList<>();
        containers.add(List.of("CONTAINER", "STATE", "HOST", "YARN CONTAINER", "PARTITIONS", "RESTARTS", "LAST EXIT",
                "RECORDS/S", "LAG", "HEARTBEAT", "LAST ERROR"));
        for (JobStatus.Container c : status.containers()) {
            final ContainerTotals metrics = c.metrics();
            containers.add(List.of(text(c.id()), text(c.state()), text(c.host()), text(c.yarnContainerId()),
                    text(c.partitions()), text(c.restarts()), text(c.lastExitStatus()),
                    rate(metrics == null ? null : metrics.recordsPerSecond()), text(metrics == null ? null : metrics.lag()),
                    age(c.heartbeatAgeMs()), firstLine(c.lastDiagnostics())));
        }
        table(out, containers);
        out.append('\n');
        final List<List<String>> tasks = new ArrayList<>();
        tasks.add(List.of("TASK", "CONTAINER", "OFFSETS", "LAG", "RECORDS", "RECORDS/S"));
        for (JobStatus.Task t : status.tasks()) {
            tasks.add(List.of("Partition " + t.partition(), text(t.container()), offsets(t.offsets()),
                    text(t.lag()), text(t.records()), rate(t.recordsPerSecond())));
        }
        table(out, tasks);
        return out.toString();
    }

    private static void table(final StringBuilder out, final List<List<String>> rows) {
        final int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i)));
                if (i < row.size() - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String text(final Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String rate(final Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "-";
    }

    /** {@code 45s}, {@code 12m05s}, {@code 3h07m}, {@code 2d04h}. */
    static String duration(final Object ms) {
        if (!(ms instanceof Number n)) {
            return "?";
        }
        final long s = n.longValue() / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
    }

    private static String age(final Object ms) {
        return ms instanceof Number ? duration(ms) + " ago" : "-";
    }

    /** {@code visits:500 clicks:12}: the next offset per input topic as of the last commit. */
    private static String offsets(final Map<String, Long> m) {
        if (m == null || m.isEmpty()) {
            return "-";
        }
        final StringBuilder b = new StringBuilder();
        m.forEach((topic, offset) -> b.append(b.length() == 0 ? "" : " ").append(topic).append(':').append(offset));
        return b.toString();
    }

    /** The first line of a diagnostic, shortened so the table stays readable; {@code -} when there is none. */
    private static String firstLine(final Object o) {
        if (o == null || o.toString().isBlank()) {
            return "-";
        }
        final String line = o.toString().strip().lines().findFirst().orElse("");
        return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 3) + "...";
    }
}
