package dev.riffle.bench;

import java.util.Locale;

/**
 * What one measured run reports, as the one line a run process prints on standard output and the
 * bench main parses: events counted, nanoseconds from the first counted event to the last, from the
 * process start to the last, and the process's peak resident memory.
 *
 * @param events events the job counted (at least the preloaded number)
 * @param firstToLastNanos time from the first counted event to the moment all were counted
 * @param startToLastNanos the same from the start of the run, so start-up included
 * @param peakRssKb {@code VmHWM} of the run process, in KiB, or -1 when unreadable
 */
public record RunResult(long events, long firstToLastNanos, long startToLastNanos, long peakRssKb) {

    static final String PREFIX = "BENCH-RESULT ";

    /** Events per second from the first counted event to the last. */
    public double rate() {
        return events * 1e9 / firstToLastNanos;
    }

    String toLine() {
        return String.format(Locale.ROOT, "%sevents=%d firstToLastNanos=%d startToLastNanos=%d peakRssKb=%d",
                PREFIX, events, firstToLastNanos, startToLastNanos, peakRssKb);
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
        for (String field : line.substring(PREFIX.length()).trim().split(" ")) {
            final String[] kv = field.split("=", 2);
            final long value = Long.parseLong(kv[1]);
            switch (kv[0]) {
                case "events" -> events = value;
                case "firstToLastNanos" -> first = value;
                case "startToLastNanos" -> start = value;
                case "peakRssKb" -> rss = value;
                default -> throw new IllegalArgumentException("unknown field '" + kv[0] + "' in result line: " + line);
            }
        }
        return new RunResult(events, first, start, rss);
    }
}
