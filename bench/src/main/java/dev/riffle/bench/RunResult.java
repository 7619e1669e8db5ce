package dev.riffle.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one measured run reports, as the one line a run process prints on standard output and the
 * bench main parses: events counted, nanoseconds from the first counted event to the last, from the
 * process start to the last, and the process's peak resident memory.
 *
 * @param events events the job counted (at least the preloaded number)
 * @param firstToLastNanos time from the first counted event to the moment all were counted
 * @param startToLastNanos the same from the start of the run, so start-up included
 * @param peakRssKb {@code VmHWM} of the run process, in KiB, or -1 when unreadable
 * @param latency in a latency run, the event-to-output latency; otherwise {@code null}
 */
public record RunResult(long events, long firstToLastNanos, long startToLastNanos, long peakRssKb, Latency latency) {

    /**
     * Event-to-output latency of a latency run ({@link LatencyProbe}), in microseconds.
     *
     * @param offeredRate events/s the paced producer achieved
     * @param samples events recorded (those after the warm-up)
     * @param lastHalfP99Micros p99 of the events appended in the second half of the run, once the job is warm
     */
    public record Latency(double offeredRate, long samples, long p50Micros, long p99Micros, long maxMicros,
                          long lastHalfP99Micros) {
    }

    RunResult(final long events, final long firstToLastNanos, final long startToLastNanos, final long peakRssKb) {
        this(events, firstToLastNanos, startToLastNanos, peakRssKb, null);
    }

    RunResult withLatency(final Latency measured) {
        return new RunResult(events, firstToLastNanos, startToLastNanos, peakRssKb, measured);
    }

    static final String PREFIX = "BENCH-RESULT ";

    /** Events per second from the first counted event to the last. */
    public double rate() {
        return events * 1e9 / firstToLastNanos;
    }

    String toLine() {
        final String line = String.format(Locale.ROOT, "%sevents=%d firstToLastNanos=%d startToLastNanos=%d peakRssKb=%d",
                PREFIX, events, firstToLastNanos, startToLastNanos, peakRssKb);
        return latency == null ? line : line + String.format(Locale.ROOT,
                " offeredRate=%d samples=%d p50Micros=%d p99Micros=%d maxMicros=%d lastHalfP99Micros=%d",
                Math.round(latency.offeredRate()), latency.samples(), latency.p50Micros(), latency.p99Micros(),
                latency.maxMicros(), latency.lastHalfP99Micros());
    }

    /** Parses {@link #toLine()}; null when the line is not a result line. */
    static RunResult parse(final String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        long events = 0;
        long first = 0;
        long start = 0;
        long rss = -1;
        final Map<String, Long> latency = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).trim().split(" ")) {
            final String[] kv = field.split("=", 2);
            final long value = Long.parseLong(kv[1]);
            switch (kv[0]) {
                case "events" -> events = value;
                case "firstToLastNanos" -> first = value;
                case "startToLastNanos" -> start = value;
                case "peakRssKb" -> rss = value;
                case "offeredRate", "samples", "p50Micros", "p99Micros", "maxMicros", "lastHalfP99Micros" ->
                        latency.put(kv[0], value);
                default -> throw new IllegalArgumentException("unknown field '" + kv[0] + "' in result line: " + line);
            }
        }
        final Latency measured = latency.size() < 6 ? null : new Latency(latency.get("offeredRate"),
                latency.get("samples"), latency.get("p50Micros"), latency.get("p99Micros"), latency.get("maxMicros"),
                latency.get("lastHalfP99Micros"));
        return new RunResult(events, first, start, rss, measured);
    }
}
