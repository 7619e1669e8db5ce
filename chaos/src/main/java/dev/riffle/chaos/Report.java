package dev.riffle.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The end of a run: the table of faults (when, what, how long the fault held, how long until the job
 * committed progress again, the verdict), the median time to resume after a container kill, the checks
 * against the truth, and the result; as text for the terminal and JSON for tests and tools.
 */
record Report(Map<String, Object> run, List<FaultOutcome> faults, List<FinalChecks.Check> checks, long startMs) {

    /** What the issue asks of a container kill: processing resumed within this, as the median over a run. */
    static final double CONTAINER_KILL_TARGET_SECONDS = 10;

    boolean exact() {
        return checks.stream().filter(FinalChecks.Check::exactness).allMatch(FinalChecks.Check::ok);
    }

    boolean passed() {
        return checks.stream().allMatch(FinalChecks.Check::ok) && faults.stream().allMatch(FaultOutcome::ok);
    }

    /** The median seconds to resume over the container kills that resumed, or null when none did. */
    Double medianContainerKillResume() {
        final List<Double> times = new ArrayList<>();
        for (FaultOutcome f : faults) {
            if (f.injection().planned().kind() == FaultKind.CONTAINER_KILL && f.resumeSeconds() != null) {
                times.add(f.resumeSeconds());
            }
        }
        if (times.isEmpty()) {
            return null;
        }
        times.sort(Double::compare);
        final int n = times.size();
        return n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2;
    }

    String text() {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-3s %7s  %-17s %-58s %6s %9s  %-12s %s%n", "#", "at", "fault", "target",
                "held", "resumed", "verdict", "notes"));
        for (FaultOutcome f : faults) {
            final Injection i = f.injection();
            final double held = (i.healedMs() - i.injectedMs()) / 1000.0;
            out.append(String.format(Locale.ROOT, "%-3d %6ds  %-17s %-58s %5.0fs %9s  %-12s %s%n", i.planned().index(),
                    (i.injectedMs() - startMs) / 1000, i.planned().kind().id, abbreviate(i.target(), 58), held,
                    f.resumeSeconds() == null ? "-" : String.format(Locale.ROOT, "%.1fs", f.resumeSeconds()), f.verdict(),
                    f.detail()));
        }
        final Double median = medianContainerKillResume();
        final long kills = faults.stream().filter(f -> f.injection().planned().kind() == FaultKind.CONTAINER_KILL).count();
        out.append(String.format(Locale.ROOT, "%nMedian time to resume after a container kill: %s over %d kill(s) (target: %.0f s or less%s).%n",
                median == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", median), kills, CONTAINER_KILL_TARGET_SECONDS,
                median == null ? "" : median <= CONTAINER_KILL_TARGET_SECONDS ? ": met" : ": MISSED"));
        out.append(String.format("(resumed: seconds from the heal until every partition the fault hit committed past its"
                + " offset before the fault, seen in the AM's /api/status, polled every %d ms; containers report every 2 s)%n%n",
                ProgressMonitor.POLL_MS));
        for (FinalChecks.Check c : checks) {
            out.append(String.format("%-4s %-16s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail()));
        }
        out.append(String.format("%nRESULT: %s (final result %s; %d of %d faults resumed)%n", passed() ? "PASS" : "FAIL",
                exact() ? "exact" : "NOT exact", faults.stream().filter(FaultOutcome::ok).count(), faults.size()));
        return out.toString();
    }

    Map<String, Object> json() {
        final Map<String, Object> doc = new LinkedHashMap<>(run);
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (FaultOutcome f : faults) {
            final Injection i = f.injection();
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i.planned().index());
            row.put("fault", i.planned().kind().id);
            row.put("atSeconds", (i.injectedMs() - startMs) / 1000);
            row.put("target", i.target());
            row.put("heldSeconds", (i.healedMs() - i.injectedMs()) / 1000.0);
            row.put("resumeSeconds", f.resumeSeconds());
            row.put("verdict", f.verdict());
            row.put("detail", f.detail());
            rows.add(row);
        }
        doc.put("faults", rows);
        doc.put("medianContainerKillResumeSeconds", medianContainerKillResume());
        final List<Map<String, Object>> list = new ArrayList<>();
        for (FinalChecks.Check c : checks) {
            list.add(Map.of("name", c.name(), "ok", c.ok(), "detail", c.detail()));
        }
        doc.put("checks", list);
        doc.put("exact", exact());
        doc.put("result", passed() ? "PASS" : "FAIL");
        return doc;
    }

    void write(final Path file) throws IOException {
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json()));
    }

    private static String abbreviate(final String text, final int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
