package dev.riffle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark ({@code scripts/bench.sh}): preloads visit events into a fresh topic, then measures,
 * on the same data and in alternating order, the ceiling (a bare consumer), the visitor counter in
 * Riffle's local mode with each store, and the same count in Kafka Streams, each run in a fresh JVM,
 * and prints the table of median rates, spreads, ratios and peak RSS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the visitor counter in Riffle against a bare consumer and Kafka Streams.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap = "127.0.0.1:9092";

    @Option(names = "--events", description = "Events to preload (default: ${DEFAULT-VALUE}).")
    long events = 5_000_000;

    @Option(names = "--quick", description = "Preload 500,000 events instead.")
    boolean quick;

    @Option(names = "--repetitions", description = "Runs per mode, alternating the order (default: ${DEFAULT-VALUE}).")
    int repetitions = 3;

    @Option(names = "--modes", split = ",",
            description = "Modes to run, comma-separated (default: all): ceiling,memory,redis,cassandra,yarn,streams1,streams2.")
    List<String> modes = new ArrayList<>(List.of("ceiling", "memory", "redis", "cassandra", "yarn", "streams1", "streams2"));

    @Option(names = "--cassandra", description = "Run the Cassandra mode even if nothing answers on the contact point yet.")
    boolean forceCassandra;

    @Option(names = "--cassandra-contact", description = "Cassandra host:port (default: ${DEFAULT-VALUE}).")
    String cassandra = "127.0.0.1:9042";

    @Option(names = "--redis-uri", description = "Redis URI (default: ${DEFAULT-VALUE}).")
    String redisUri = "redis://127.0.0.1:6379";

    @Option(names = "--batch-size", description = "Riffle's task.batch.size (default: ${DEFAULT-VALUE}).")
    int batchSize = 500;

    @Option(names = "--riffle-config", paramLabel = "KEY=VALUE",
            description = "A Riffle config entry for every Riffle mode over the bench's own (e.g."
                    + " task.commit.ms=250); repeatable.")
    Map<String, String> riffleConfig = new TreeMap<>();

    @Option(names = "--heap", description = "-Xmx of every run process but the YARN containers': a local run holds both containers, each with"
                    + " task.opts=-Xmx128m on YARN (default: ${DEFAULT-VALUE}).")
    String heap = "256m";

    @Option(names = "--jfr", split = ",",
            description = "Record a Flight Recorder profile of the runs of these modes into --work-dir.")
    List<String> jfrModes = new ArrayList<>();

    @Option(names = "--sweep-batch-sizes", split = ",",
            description = "Instead of the modes: run the redis mode once per task.batch.size given (e.g. 1,10,100,500,2000)"
                    + " and write the medians to --work-dir/batch-sweep.dat.")
    List<Integer> sweepSizes = new ArrayList<>();

    @Option(names = "--timeout", description = "Seconds one run may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 900;

    @Option(names = "--work-dir", description = "Where run logs and profiles go (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("bench/target/bench-runs");

    @Option(names = "--keep-topics", description = "Keep the bench topics afterwards.")
    boolean keepTopics;

    /** The latency target of issue 7: p99 within this many ms. */
    static final double LATENCY_GOAL_MS = 100;

    @Option(names = "--latency-seconds",
            description = "After the throughput runs: each mode but the ceiling once more with a paced producer offering"
                    + " --latency-fraction of its median rate for this long, measuring p50/p99 event-to-output latency; 0: off"
                    + " (default: ${DEFAULT-VALUE}).")
    double latencySeconds = 30;

    @Option(names = "--latency-fraction",
            description = "The offered rate of a latency run as a fraction of the mode's median rate (default: ${DEFAULT-VALUE}).")
    double latencyFraction = 0.5;

    @Option(names = "--latency-rates", split = ",",
            description = "Instead of --latency-fraction: offer each of these rates (events/s, e.g. 20000,40000,80000)"
                    + " to every mode but the ceiling, --latency-repetitions times each, and print p50/p99 per rate and"
                    + " each mode's highest rate with a p99 within " + LATENCY_GOAL_MS + " ms.")
    List<Double> latencyRates = new ArrayList<>();

    @Option(names = "--latency-repetitions",
            description = "Latency runs per mode, in alternating order like the throughput runs (default: ${DEFAULT-VALUE}).")
    int latencyRepetitions = 3;

    @Option(names = "--latency-warmup-seconds",
            description = "Events of the first seconds of a latency run that are not recorded (default: ${DEFAULT-VALUE}).")
    double latencyWarmupSeconds = 5;

    @Option(names = "--yarn-package",
            description = "The visitor counter's job package (.tar.gz) for the yarn mode; without it the yarn mode is skipped.")
    Path yarnPackage;

    @Option(names = "--riffle-home",
            description = "The repository whose .grid/hadoop-conf the yarn mode's client reads (default: ${DEFAULT-VALUE}).")
    Path riffleHome = Path.of(".");

    @Option(names = "--baseline-lib",
            description = "A directory of jars of an earlier build (e.g. a git worktree's bench/target/lib): every"
                    + " Riffle mode also runs with it, next to each run of the current build, and the table of the"
                    + " baseline and the after/before ratios are printed.")
    Path baselineLib;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (quick) {
            events = 500_000;
        }
        final List<Mode> selected = new ArrayList<>();
        for (String label : modes) {
            try {
                selected.add(Mode.fromLabel(label));
            } catch (IllegalArgumentException e) {
                System.err.println("--modes: " + e.getMessage());
                return 2;
            }
        }
        if (repetitions < 1 || events < 1) {
            System.err.println("--repetitions and --events must be at least 1.");
            return 2;
        }
        Files.createDirectories(workDir);
        final ResultTable table = new ResultTable();
        final ResultTable baseline = new ResultTable();
        if (baselineLib != null && !Files.isDirectory(baselineLib)) {
            System.err.println("--baseline-lib " + baselineLib + " is not a directory of jars; build the earlier commit"
                    + " and point it at its bench/target/lib.");
            return 2;
        }
        if (selected.contains(Mode.CASSANDRA) && !forceCassandra && !answers(cassandra)) {
            selected.remove(Mode.CASSANDRA);
            table.skipped(Mode.CASSANDRA, "skipped: Cassandra not running (on " + cassandra + ")");
        }
        if (selected.contains(Mode.YARN) && yarnPackage == null) {
            selected.remove(Mode.YARN);
            table.skipped(Mode.YARN, "skipped: no --yarn-package (scripts/bench.sh --yarn)");
        }
        if (latencyRates.stream().anyMatch(r -> !(r > 0))) {
            System.err.println("--latency-rates must all be positive events/s.");
            return 2;
        }
        boolean failedLatency = false;
        final String topic = "bench-visits-" + System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "Bench: %,d events, modes %s, %d repetitions, topic %s, load average %s%n",
                events, selected, repetitions, topic, loadAverage());
        try (Topics topics = new Topics(bootstrap)) {
            topics.create(topic, 4);
            Preloader.preload(bootstrap, topic, events);
            try {
                if (!sweepSizes.isEmpty()) {
                    return sweep(topics, topic);
                }
                for (int rep = 1; rep <= repetitions; rep++) {
                    final List<Mode> order = new ArrayList<>(selected);
                    if (rep % 2 == 0) {
                        Collections.reverse(order); // so warm-up and the machine's drift favour no mode
                    }
                    for (Mode mode : order) {
                        final boolean compared = baselineLib != null && isRiffle(mode);
                        // The baseline goes first in odd repetitions and second in even ones, as the modes do.
                        if (compared && rep % 2 == 1) {
                            measure(baseline, mode, topic, events, 0, rep, baselineClasspath());
                        }
                        measure(table, mode, topic, events, 0, rep, System.getProperty("java.class.path"));
                        if (compared && rep % 2 == 0) {
                            measure(baseline, mode, topic, events, 0, rep, baselineClasspath());
                        }
                    }
                }
                if (latencySeconds > 0 && !latencyRates.isEmpty()) {
                    failedLatency = measureLatenciesByRate(topics, selected, topic);
                } else if (latencySeconds > 0) {
                    measureLatencies(topics, table, selected, topic);
                }
            } finally {
                if (!keepTopics) {
                    topics.delete(topics.named(topic));
                }
            }
        }
        System.out.println("Load average at the end: " + loadAverage());
        table.print();
        table.printLatency();
        table.printTargets();
        if (baselineLib != null) {
            System.out.println();
            System.out.println("Baseline (" + baselineLib + "), run next to the above:");
            baseline.print();
            System.out.println();
            for (Mode mode : selected) {
                if (isRiffle(mode)) {
                    System.out.printf(Locale.ROOT, "  %-10s after/before: %.2f (median %,.0f vs %,.0f events/s)%n",
                            mode.label(), table.median(mode) / baseline.median(mode), table.median(mode),
                            baseline.median(mode));
                }
            }
        }
        if (table.hasFailures() || baseline.hasFailures() || failedLatency) {
            System.out.println("Some runs failed: their logs are in " + workDir.toAbsolutePath() + ".");
            return 1;
        }
        return 0;
    }

    /** The task.batch.size sweep with Redis: median events/s per size, as a table and a gnuplot data file. */
    private int sweep(final Topics topics, final String topic) throws Exception {
        final StringBuilder data = new StringBuilder(
                "# task.batch.size  median_events_per_s  min  max  p99_ms_at_half_rate (-1: not measured)\n");
        final List<String> lines = new ArrayList<>();
        boolean failed = false;
        for (int size : sweepSizes) {
            batchSize = size;
            final ResultTable table = new ResultTable();
            for (int rep = 1; rep <= repetitions; rep++) {
                measure(table, Mode.REDIS, topic, events, 0, rep, System.getProperty("java.class.path"));
            }
            if (latencySeconds > 0 && !Double.isNaN(table.median(Mode.REDIS))) {
                final double rate = Math.floor(table.median(Mode.REDIS) * latencyFraction);
                final String latencyTopic = topic + "-latency-" + size;
                topics.create(latencyTopic, 4, Topics.LOG_APPEND_TIME);
                measure(table, Mode.REDIS, latencyTopic, Math.round(rate * latencySeconds), rate, 1,
                        System.getProperty("java.class.path"));
            }
            failed |= table.hasFailures();
            final double median = table.median(Mode.REDIS);
            final double[] range = table.range(Mode.REDIS);
            final double p99 = table.p99Millis(Mode.REDIS);
            data.append(String.format(Locale.ROOT, "%d %.0f %.0f %.0f %.1f%n", size, median, range[0], range[1],
                    Double.isNaN(p99) ? -1 : p99));
            lines.add(String.format(Locale.ROOT, "%-16d %,14.0f %,12.0f-%,-12.0f %10.1f", size, median, range[0],
                    range[1], p99));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-16s %14s %-25s %10s%n", "task.batch.size", "median ev/s", "spread (min-max)",
                "p99 ms");
        lines.forEach(System.out::println);
        final Path file = workDir.resolve("batch-sweep.dat");
        Files.writeString(file, data);
        System.out.println("p99: event-to-output latency at " + latencyFraction + " of the size's median rate. Load average"
                + " at the end: " + loadAverage() + "; data for the plot: " + file);
        return failed ? 1 : 0;
    }

    /** Each mode but the ceiling once more, on a fresh empty topic fed at half its median rate. */
    private void measureLatencies(final Topics topics, final ResultTable table, final List<Mode> selected,
                                  final String topic) throws Exception {
        System.out.printf(Locale.ROOT, "Latency: each mode offered %.2f of its median rate for %.0f s (the first %.0f s"
                + " not recorded), %d times.%n", latencyFraction, latencySeconds, latencyWarmupSeconds, latencyRepetitions);
        for (int rep = 1; rep <= latencyRepetitions; rep++) {
            final List<Mode> order = new ArrayList<>(selected);
            if (rep % 2 == 0) {
                Collections.reverse(order);
            }
            for (Mode mode : order) {
                final double median = table.median(mode);
                if (mode == Mode.CEILING || Double.isNaN(median)) {
                    continue;
                }
                final double rate = Math.floor(median * latencyFraction);
                final String latencyTopic = topic + "-latency-" + mode.label() + "-" + rep;
                topics.create(latencyTopic, 4, Topics.LOG_APPEND_TIME);
                measure(table, mode, latencyTopic, Math.round(rate * latencySeconds), rate, rep,
                        System.getProperty("java.class.path"));
            }
        }
    }

    /**
     * Every mode but the ceiling at each of {@link #latencyRates}, on fresh empty topics; prints the table
     * of each rate and per mode the highest rate whose median p99 (all of a run, and its second half) is
     * within {@link #LATENCY_GOAL_MS}.
     *
     * @return whether a run failed
     */
    private boolean measureLatenciesByRate(final Topics topics, final List<Mode> selected, final String topic)
            throws Exception {
        System.out.printf(Locale.ROOT, "Latency by offered rate: %s events/s, each for %.0f s (the first %.0f s not"
                + " recorded), %d times per mode and rate.%n", latencyRates, latencySeconds, latencyWarmupSeconds,
                latencyRepetitions);
        final Map<Double, ResultTable> byRate = new TreeMap<>();
        boolean failed = false;
        for (double rate : latencyRates) {
            final ResultTable table = byRate.computeIfAbsent(Math.floor(rate), r -> new ResultTable());
            for (int rep = 1; rep <= latencyRepetitions; rep++) {
                final List<Mode> order = new ArrayList<>(selected);
                if (rep % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Mode mode : order) {
                    if (mode == Mode.CEILING) {
                        continue;
                    }
                    final String latencyTopic = topic + "-rate-" + (long) Math.floor(rate) + "-" + mode.label() + "-" + rep;
                    topics.create(latencyTopic, 4, Topics.LOG_APPEND_TIME);
                    measure(table, mode, latencyTopic, Math.round(Math.floor(rate) * latencySeconds), Math.floor(rate), rep,
                            System.getProperty("java.class.path"));
                }
            }
            failed |= table.hasFailures();
        }
        byRate.forEach((rate, table) -> {
            System.out.printf(Locale.ROOT, "%nOffered %,.0f events/s:", rate);
            table.printLatency();
        });
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %28s %32s%n", "mode", "highest rate, p99 <= " + (long) LATENCY_GOAL_MS + " ms",
                "highest rate, 2nd-half p99 <= " + (long) LATENCY_GOAL_MS + " ms");
        for (Mode mode : selected) {
            if (mode == Mode.CEILING) {
                continue;
            }
            double whole = Double.NaN;
            double warm = Double.NaN;
            for (Map.Entry<Double, ResultTable> entry : byRate.entrySet()) {
                if (entry.getValue().p99Millis(mode) <= LATENCY_GOAL_MS) {
                    whole = entry.getKey();
                }
                if (entry.getValue().lastHalfP99Millis(mode) <= LATENCY_GOAL_MS) {
                    warm = entry.getKey();
                }
            }
            System.out.printf(Locale.ROOT, "%-10s %28s %32s%n", mode.label(), rateOrNone(whole), rateOrNone(warm));
        }
        System.out.println("A rate counts when the median over its runs is within the goal; \"none\": no rate offered was.");
        return failed;
    }

    private static String rateOrNone(final double rate) {
        return Double.isNaN(rate) ? "none" : String.format(Locale.ROOT, "%,.0f events/s", rate);
    }

    private static boolean isRiffle(final Mode mode) {
        return mode == Mode.MEMORY || mode == Mode.REDIS || mode == Mode.CASSANDRA;
    }

    private String baselineClasspath() {
        return baselineLib.toAbsolutePath() + "/*";
    }

    private void measure(final ResultTable table, final Mode mode, final String topic, final long count,
                         final double rate, final int rep, final String classpath) throws Exception {
        final boolean isBaseline = !classpath.equals(System.getProperty("java.class.path"));
        final String label = mode.label() + (isBaseline ? "@base" : "") + (rate > 0 ? "@latency" : "");
        final String runId = label.replace('@', '-') + "-" + rep + "-" + System.currentTimeMillis();
        final RunSpec spec = new RunSpec(mode, bootstrap, topic, count, runId, redisUri, cassandra, batchSize,
                timeoutSeconds, rate, latencyWarmupSeconds, riffleConfig);
        final Path log = workDir.resolve(runId + ".log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        if (jfrModes.contains(mode.label())) {
            command.add("-XX:StartFlightRecording=filename=" + workDir.resolve(runId + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        if (mode == Mode.YARN) {
            command.add("-D" + YarnRun.PACKAGE_PROPERTY + "=" + yarnPackage.toAbsolutePath());
            command.add("-Driffle.home=" + riffleHome.toAbsolutePath());
        }
        command.add("-cp");
        command.add(classpath);
        command.add(RunMain.class.getName());
        command.addAll(spec.toArgs());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds + 180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            System.out.printf(Locale.ROOT, "%-10s rep %d: did not finish in time; log %s%n", label, rep, log);
            table.failed(mode);
            return;
        }
        final RunResult result = resultOf(log);
        if (process.exitValue() != 0 || result == null) {
            System.out.printf(Locale.ROOT, "%-10s rep %d: FAILED (exit %d); last lines of %s:%n", label, rep,
                    process.exitValue(), log);
            final List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> System.out.println("    " + l));
            table.failed(mode);
            return;
        }
        if (result.latency() != null) {
            table.addLatency(mode, result);
            final RunResult.Latency l = result.latency();
            System.out.printf(Locale.ROOT, "%-10s rep %d: offered %,.0f events/s (target %,.0f): p50 %.1f ms, p99 %.1f ms"
                            + " (second half %.1f ms), max %.1f ms over %,d events; peak RSS %d MB; load %s%n", label, rep,
                    l.offeredRate(), rate, l.p50Micros() / 1e3, l.p99Micros() / 1e3, l.lastHalfP99Micros() / 1e3,
                    l.maxMicros() / 1e3, l.samples(), result.peakRssKb() / 1024, loadAverage());
            return;
        }
        table.add(mode, result);
        System.out.printf(Locale.ROOT, "%-10s rep %d: %,12.0f events/s (%,d events in %.2f s; %.1f s with start-up; "
                        + "peak RSS %d MB; load %s)%n", label, rep, result.rate(), result.events(),
                result.firstToLastNanos() / 1e9, result.startToLastNanos() / 1e9, result.peakRssKb() / 1024,
                loadAverage());
    }

    private static RunResult resultOf(final Path log) throws IOException {
        RunResult found = null;
        for (String line : Files.readAllLines(log)) {
            final RunResult r = RunResult.parse(line);
            if (r != null) {
                found = r;
            }
        }
        return found;
    }

    private static boolean answers(final String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String loadAverage() {
        try {
            final String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
