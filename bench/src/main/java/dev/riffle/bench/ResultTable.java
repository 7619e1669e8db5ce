package dev.riffle.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects the runs of every mode and prints the table: medians, spreads and ratios. */
final class ResultTable {

    private final Map<Mode, List<RunResult>> runs = new EnumMap<>(Mode.class);
    private final Map<Mode, Integer> failures = new EnumMap<>(Mode.class);
    private final Map<Mode, String> skipped = new EnumMap<>(Mode.class);
    private final Map<Mode, List<RunResult>> latencies = new EnumMap<>(Mode.class);

    void add(final Mode mode, final RunResult result) {
        runs.computeIfAbsent(mode, m -> new ArrayList<>()).add(result);
    }

    /** A latency run of a mode (its rate is not one of the mode's throughput runs). */
    void addLatency(final Mode mode, final RunResult result) {
        latencies.computeIfAbsent(mode, m -> new ArrayList<>()).add(result);
    }

    void failed(final Mode mode) {
        failures.merge(mode, 1, Integer::sum);
    }

    void skipped(final Mode mode, final String why) {
        skipped.put(mode, why);
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    /** The median rate of a mode, or NaN when it has no successful run. */
    double median(final Mode mode) {
        final List<Double> rates = rates(mode);
        return rates.isEmpty() ? Double.NaN : rates.get(rates.size() / 2);
    }

    /** The lowest and highest rate of a mode, NaN when it has no successful run. */
    double[] range(final Mode mode) {
        final List<Double> rates = rates(mode);
        return rates.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                : new double[] {rates.get(0), rates.get(rates.size() - 1)};
    }

    private List<Double> rates(final Mode mode) {
        final List<Double> rates = new ArrayList<>();
        runs.getOrDefault(mode, List.of()).forEach(r -> rates.add(r.rate()));
        rates.sort(Double::compare);
        return rates;
    }

    /** The better of the two Kafka Streams configurations: the peer the ratios refer to. */
    Mode peer() {
        final double one = median(Mode.STREAMS1);
        final double two = median(Mode.STREAMS2);
        if (Double.isNaN(one)) {
            return Double.isNaN(two) ? null : Mode.STREAMS2;
        }
        return Double.isNaN(two) || one >= two ? Mode.STREAMS1 : Mode.STREAMS2;
    }

    void print() {
        final double ceiling = median(Mode.CEILING);
        final Mode peer = peer();
        final double peerRate = peer == null ? Double.NaN : median(peer);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %6s %12s %-23s %9s %9s %9s %9s%n", "mode", "runs", "median ev/s",
                "spread (min-max) ev/s", "x ceiling", "x KStreams", "peak RSS", "start-up");
        for (Mode mode : Mode.values()) {
            if (skipped.containsKey(mode)) {
                System.out.printf(Locale.ROOT, "%-10s %s%n", mode.label(), skipped.get(mode));
                continue;
            }
            final List<Double> rates = rates(mode);
            final int failed = failures.getOrDefault(mode, 0);
            if (rates.isEmpty()) {
                if (failed > 0) {
                    System.out.printf(Locale.ROOT, "%-10s failed (%d runs; see the run logs)%n", mode.label(), failed);
                }
                continue;
            }
            final double median = rates.get(rates.size() / 2);
            final List<RunResult> done = runs.get(mode);
            final long rssKb = done.stream().mapToLong(RunResult::peakRssKb).max().orElse(-1);
            final double startup = done.stream().mapToLong(r -> r.startToLastNanos() - r.firstToLastNanos())
                    .sorted().skip(done.size() / 2).findFirst().orElse(0) / 1e9;
            System.out.printf(Locale.ROOT, "%-10s %6s %,12.0f %,10.0f-%,-12.0f %9s %9s %6d MB %7.1f s%n", mode.label(),
                    rates.size() + (failed > 0 ? "+" + failed + "F" : ""), median, rates.get(0),
                    rates.get(rates.size() - 1), ratio(median, ceiling), ratio(median, peerRate),
                    rssKb < 0 ? -1 : rssKb / 1024, startup);
        }
        if (peer != null) {
            System.out.println("x KStreams is relative to " + peer.label() + ", the better Kafka Streams configuration.");
        }
        System.out.println("Rates: events counted / time from the first counted event to the last (start-up excluded,"
                + " shown apart). Peak RSS: the run process's VmHWM (the highest of its runs).");
        for (Mode mode : Mode.values()) {
            if (runs.containsKey(mode)) {
                System.out.println("  " + mode.label() + ": " + mode.description());
            }
        }
    }

    /**
     * The latency runs: per mode the medians over its runs of the offered rate, p50, p99, the p99 of the
     * second half of each run (once warm) and the max, with the lowest and highest p99.
     */
    void printLatency() {
        if (latencies.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %5s %13s %9s %9s %-19s %12s %9s %9s%n", "latency", "runs", "offered ev/s",
                "p50 ms", "p99 ms", "p99 spread (min-max)", "p99 2nd half", "max ms", "peak RSS");
        latencies.forEach((mode, runs) -> {
            final double[] p99 = sorted(runs, l -> l.p99Micros() / 1e3);
            System.out.printf(Locale.ROOT, "%-10s %5d %,13.0f %9.1f %9.1f %8.1f-%-10.1f %12.1f %9.1f %6d MB%n",
                    mode.label(), runs.size(), median(runs, RunResult.Latency::offeredRate),
                    median(runs, l -> l.p50Micros() / 1e3), median(p99), p99[0], p99[p99.length - 1],
                    median(runs, l -> l.lastHalfP99Micros() / 1e3), median(runs, l -> l.maxMicros() / 1e3),
                    runs.stream().mapToLong(RunResult::peakRssKb).max().orElse(-1) / 1024);
        });
        System.out.println("Latency: from an event's append to the visits topic to the append of the first share"
                + " (Riffle: visitor-partials; Kafka Streams: its shares topic) that carries it, both LogAppendTime."
                + " Each column is the median over the mode's latency runs; \"p99 2nd half\" counts only the events"
                + " appended in the second half of a run, when a fresh JVM has warmed up.");
    }

    private static double[] sorted(final List<RunResult> runs, final ToDoubleFunction<RunResult.Latency> value) {
        return runs.stream().mapToDouble(r -> value.applyAsDouble(r.latency())).sorted().toArray();
    }

    private static double median(final List<RunResult> runs, final ToDoubleFunction<RunResult.Latency> value) {
        return median(sorted(runs, value));
    }

    private static double median(final double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** The median p99 in ms of a mode's latency runs, NaN when none. */
    double p99Millis(final Mode mode) {
        return median(latencies.getOrDefault(mode, List.of()), l -> l.p99Micros() / 1e3);
    }

    /** The median p99 in ms of the second halves of a mode's latency runs, NaN when none. */
    double lastHalfP99Millis(final Mode mode) {
        return median(latencies.getOrDefault(mode, List.of()), l -> l.lastHalfP99Micros() / 1e3);
    }

    /** Prints each target with the measured value and whether it is met. */
    void printTargets() {
        final double ceiling = median(Mode.CEILING);
        final Mode peer = peer();
        System.out.println();
        System.out.println("Targets (issue 7):");
        target("memory >= 0.8 x ceiling", median(Mode.MEMORY) / ceiling, 0.8);
        target("redis >= 0.5 x ceiling", median(Mode.REDIS) / ceiling, 0.5);
        target("cassandra >= 0.2 x ceiling", median(Mode.CASSANDRA) / ceiling, 0.2);
        target("redis >= 1.5 x Kafka Streams", peer == null ? Double.NaN : median(Mode.REDIS) / median(peer), 1.5);
        for (Mode mode : latencies.keySet()) {
            final double p99 = p99Millis(mode);
            final double warm = lastHalfP99Millis(mode);
            System.out.printf(Locale.ROOT, "  %-32s %8.1f ms  %-6s (2nd half of the run: %.1f ms, %s)%n",
                    "p99 <= 100 ms, " + mode.label(), p99, p99 <= 100 ? "met" : "MISSED", warm,
                    warm <= 100 ? "met" : "missed");
        }
        long worstRiffleRss = -1;
        for (Mode mode : new Mode[] {Mode.MEMORY, Mode.REDIS, Mode.CASSANDRA}) {
            for (RunResult r : runs.getOrDefault(mode, List.of())) {
                worstRiffleRss = Math.max(worstRiffleRss, r.peakRssKb());
            }
        }
        if (worstRiffleRss > 0) {
            final double mb = worstRiffleRss / 1024.0;
            System.out.printf(Locale.ROOT, "  %-32s %8.0f MB  %s%n", "Riffle process RSS <= 300 MB", mb,
                    mb <= 300 ? "met" : "MISSED");
        }
        final long yarnRss = runs.getOrDefault(Mode.YARN, List.of()).stream().mapToLong(RunResult::peakRssKb).max()
                .orElse(-1);
        if (yarnRss > 0) {
            System.out.printf(Locale.ROOT, "  %-32s %8.0f MB  %s%n", "YARN container RSS <= 300 MB", yarnRss / 1024.0,
                    yarnRss / 1024.0 <= 300 ? "met" : "MISSED");
        }
    }

    private static void target(final String name, final double value, final double goal) {
        if (Double.isNaN(value)) {
            System.out.printf(Locale.ROOT, "  %-32s not measured%n", name);
        } else {
            System.out.printf(Locale.ROOT, "  %-32s %8.2f     %s%n", name, value, value >= goal ? "met" : "MISSED");
        }
    }

    private static String ratio(final double value, final double base) {
        return Double.isNaN(base) || base == 0 ? "-" : String.format(Locale.ROOT, "%.2f", value / base);
    }
}
