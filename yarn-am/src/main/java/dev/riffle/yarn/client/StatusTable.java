package dev.riffle.yarn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the application master's {@code /api/status} document as plain-text tables. */
final class StatusTable {

    /** Longest last-error text shown in the container table; {@code --json} has it in full. */
    static final int MAX_ERROR = 60;

    private StatusTable() {
    }

    static String render(final Map<String, Object> status) {
        final StringBuilder out = new StringBuilder();
        out.append("Job ").append(status.get("job")).append(" (").append(status.get("applicationId"))
                .append(", AM attempt ").append(status.get("attempt")).append("): ").append(status.get("state"))
                .append(", up ").append(duration(status.get("uptimeMs"))).append(", ")
                .append(status.get("taskCount")).append(" tasks\n");
        final Object diagnostics = status.get("diagnostics");
        if (diagnostics != null && !diagnostics.toString().isBlank()) {
            out.append(diagnostics).append('\n');
        }
        out.append('\n');
        final List<List<String>> containers = new ArrayList<>();
        containers.add(List.of("CONTAINER", "STATE", "HOST", "YARN CONTAINER", "PARTITIONS", "RESTARTS", "LAST EXIT",
                "RECORDS/S", "LAG", "HEARTBEAT", "LAST ERROR"));
        for (Map<String, Object> c : list(status.get("containers"))) {
            final Map<String, Object> metrics = map(c.get("metrics"));
            containers.add(List.of(text(c.get("id")), text(c.get("state")), text(c.get("host")),
                    text(c.get("yarnContainerId")), text(c.get("partitions")), text(c.get("restarts")),
                    text(c.get("lastExitStatus")), rate(metrics.get("records-per-second")), text(metrics.get("lag")),
                    age(c.get("heartbeatAgeMs")), firstLine(c.get("lastDiagnostics"))));
        }
        table(out, containers);
        out.append('\n');
        final List<List<String>> tasks = new ArrayList<>();
        tasks.add(List.of("TASK", "CONTAINER", "OFFSETS", "LAG", "RECORDS", "RECORDS/S"));
        for (Map<String, Object> t : list(status.get("tasks"))) {
            tasks.add(List.of("Partition " + t.get("partition"), text(t.get("container")), offsets(t.get("offsets")),
                    text(t.get("lag")), text(t.get("records")), rate(t.get("records-per-second"))));
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

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(final Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
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
    private static String offsets(final Object o) {
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
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
