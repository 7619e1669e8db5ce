package dev.riffle.chaos;

import java.util.Map;
import java.util.Optional;

/**
 * The verdict on one fault: {@code resumed} when every partition the fault hit committed past the offsets
 * it had before the fault, after the fault was healed and while the application still ran; otherwise
 * what happened instead. {@code resumeSeconds} counts from the heal (the kill, for instant faults).
 */
record FaultOutcome(Injection injection, Double resumeSeconds, String verdict, String detail) {

    static final String RESUMED = "resumed";

    boolean ok() {
        return RESUMED.equals(verdict);
    }

    /** Judges {@code injection} from what the monitor saw until {@code untilMs}. */
    static FaultOutcome of(final Injection injection, final ProgressMonitor monitor, final long untilMs) {
        if (!injection.injected()) {
            return new FaultOutcome(injection, null, "NOT INJECTED", injection.error());
        }
        final Map<Integer, Long> baseline = monitor.highestReportedBefore(injection.healedMs());
        final Optional<Long> progress = monitor.progressAfter(injection.affected(), baseline, injection.healedMs(), untilMs);
        final Optional<ProgressMonitor.Observation> ended = monitor.endedAfter(injection.injectedMs());
        final String notes = withAttempt(injection, monitor, untilMs);
        if (progress.isPresent() && (ended.isEmpty() || progress.get() < ended.get().atMs())) {
            return new FaultOutcome(injection, (progress.get() - injection.healedMs()) / 1000.0, RESUMED, notes);
        }
        if (ended.isPresent() && ended.get().atMs() < untilMs) {
            final YarnRest.App app = ended.get().app();
            return new FaultOutcome(injection, null, "JOB " + app.state(), firstLine(app.diagnostics())
                    + (notes.isEmpty() ? "" : "; " + notes));
        }
        return new FaultOutcome(injection, null, "NO PROGRESS", "partitions " + injection.affected()
                + " committed nothing past " + baseline + " within " + (untilMs - injection.healedMs()) / 1000 + " s of the heal"
                + (notes.isEmpty() ? "" : "; " + notes));
    }

    /** For an AM kill: which attempt answered next, and when. */
    private static String withAttempt(final Injection injection, final ProgressMonitor monitor, final long untilMs) {
        if (injection.planned().kind() != FaultKind.AM_KILL) {
            return injection.notes();
        }
        for (ProgressMonitor.Observation o : monitor.observations()) {
            if (o.atMs() > injection.injectedMs() && o.atMs() < untilMs && o.amAnswered()
                    && !injection.target().endsWith("(attempt " + o.attempt() + ")")) {
                return "attempt " + o.attempt() + " answered after " + (o.atMs() - injection.injectedMs()) / 1000 + " s";
            }
        }
        return "no new AM attempt answered";
    }

    private static String firstLine(final String text) {
        final String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
