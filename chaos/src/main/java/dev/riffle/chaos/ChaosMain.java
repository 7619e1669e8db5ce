package dev.riffle.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/chaos.sh}: the visitor counter on YARN under seeded faults, checked against the truth. */
@Command(name = "chaos.sh", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 2, usageHelpWidth = 120,
        description = {
            "Runs the visitor counter on a grid's YARN while a paced producer sends seeded visits, injects seeded",
            "faults one after another, and measures how long the job takes to commit progress again after each.",
            "At the end it reads the visits back from Kafka, computes the count and the alerts the job must report",
            "(docs/visitor-counter.md) with code of its own, and compares: the final live count, the newest decided",
            "count, the whole alert sequence (repeats dropped by alert_id), and no alert_id with two contents.",
            "Prints a table of the faults and the checks; the same as JSON in the run directory (report.json).",
            "",
            "Faults (--faults, comma-separated):",
            "  container-kill     SIGKILL of one container's processes (its JVM and launch shell)",
            "  container-stop     SIGSTOP of one container for --stop-seconds, then SIGCONT",
            "  am-kill            SIGKILL of the AM (container _000001 of the current attempt), --am-kills times",
            "  redis-restart      scripts/grid stop redis, start redis                       (--store redis)",
            "  redis-stop         SIGSTOP of redis-server for 30 s, then SIGCONT                 (--store redis)",
            "  kafka-stop         scripts/grid stop kafka for 60 s, then start kafka",
            "  cassandra-restart  scripts/grid stop cassandra, start cassandra           (--store cassandra)",
            "Default: every fault that applies to --store. Spare time gets more container kills.",
            "",
            "By default the harness starts its own grid (Kafka, YARN, the store) under target/chaos/grid on free",
            "ports and stops it at the end. --use-running-grid uses the grid that RIFFLE_GRID_HOME and the",
            "RIFFLE_*_PORT variables name instead (scripts/grid --help); its services are then stopped and",
            "restarted by the faults."},
        footer = {"", "Exit status: 0 every check passed and every fault was injected and resumed; 1 otherwise (the final",
            "result not exact, the job FAILED, a fault without progress, or the run could not be set up); 2 bad usage."})
public final class ChaosMain implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "900", description = "Seconds of traffic and faults (default ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the visits, the fault plan and the targets (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", split = ",", paramLabel = "FAULT", description = "Faults to inject (default: all that apply to --store).")
    List<String> faults;

    @Option(names = "--am-kills", defaultValue = "3", description = "AM kills in the run when am-kill is selected (default ${DEFAULT-VALUE}).")
    int amKills;

    @Option(names = "--store", defaultValue = "redis", description = "redis (config/visitor-counter.properties) or cassandra"
            + " (config/visitor-counter-cassandra.properties); default ${DEFAULT-VALUE}.")
    String store;

    @Option(names = "--stop-seconds", defaultValue = "30", description = "How long container-stop keeps a container frozen (default ${DEFAULT-VALUE}).")
    long stopSeconds;

    @Option(names = "--rate", defaultValue = "100", description = "Visits per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--step-ms", defaultValue = "200", description = "Event time between visits, ms (default ${DEFAULT-VALUE}:"
            + " event time runs 20 x the wall clock at 100/s, so the 30-minute window slides every 90 s).")
    long stepMs;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the visits topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--use-running-grid", description = "Use the running grid named by RIFFLE_GRID_HOME and the port variables.")
    boolean useRunningGrid;

    @Option(names = "--grid-home", description = "Grid home of the harness's own grid (default: target/chaos/grid).")
    Path gridHome;

    @Option(names = "--keep-grid", description = "Leave the harness's own grid running at the end.")
    boolean keepGrid;

    @Option(names = "--drain-seconds", defaultValue = "240", description = "How long the job may take after the traffic"
            + " stops to count the last visit and decide the last bucket (default ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(names = "--exactly-once-alerts", description = "Fail when an alert_id is delivered twice, even with the same content"
            + " (by default repeats are allowed: alerts are at-least-once with deterministic ids).")
    boolean exactlyOnceAlerts;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A job config key on top of the shipped config (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--package", description = "The job package (default: examples/visitor-counter/target/visitor-counter-dist.tar.gz).")
    Path jobPackage;

    @Option(names = "--run-dir", description = "Where the run keeps its config, logs and report (default: target/chaos/<run id>).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        final Path repo = Path.of(System.getProperty("riffle.home", ".")).toAbsolutePath().normalize();
        final Optional<String> invalid = validate(repo);
        if (invalid.isPresent()) {
            System.err.println("chaos.sh: " + invalid.get() + " See --help.");
            return 2;
        }
        final Set<FaultKind> kinds = kinds();
        final FaultPlan plan;
        try {
            plan = FaultPlan.of(kinds, amKills, duration, stopSeconds, containerCount(repo), seed);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos.sh: " + e.getMessage());
            return 2;
        }
        final String runId = seed + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        final Path dir = runDir != null ? runDir.toAbsolutePath() : repo.resolve("target").resolve("chaos").resolve(runId);
        Files.createDirectories(dir);
        // Before the first Kafka client: its logs go to the run's directory (chaos-log4j2.xml).
        System.setProperty("chaos.log.file", dir.resolve("harness.log").toString());
        final Grid grid = useRunningGrid ? Grid.running(repo, System.getenv())
                : Grid.own(gridHome != null ? gridHome.toAbsolutePath() : repo.resolve("target").resolve("chaos").resolve("grid"));
        final RunSettings settings = new RunSettings(duration, seed, kinds, amKills, store, stopSeconds, rate, stepMs, partitions,
                useRunningGrid, grid.home(), keepGrid, dir, jobPackage(repo), baseConfig(repo), Map.copyOf(overrides),
                drainSeconds, exactlyOnceAlerts);
        final ChaosRun run = new ChaosRun(settings, runId, plan, grid, new Commands(repo, grid.env(), dir.resolve("commands.log")));
        run.say("Run " + runId + ": seed " + seed + ", " + duration + " s, store " + store + "; logs in " + dir);
        for (FaultPlan.Planned p : plan.faults()) {
            run.say(String.format("  plan: fault %d at +%d s: %s%s", p.index(), p.atSeconds(), p.kind().id,
                    p.container() >= 0 ? " of logical container " + p.container() : ""));
        }
        final Thread hook = new Thread(run::cleanUp, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            final Report report = run.execute();
            final String text = report.text();
            System.out.println();
            System.out.print(text);
            Files.writeString(dir.resolve("report.txt"), text);
            report.write(dir.resolve("report.json"));
            System.out.println("Report: " + dir.resolve("report.txt") + " and report.json");
            return report.passed() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("chaos.sh: the run could not go on: " + e.getMessage() + "\nCommands and their output: "
                    + dir.resolve("commands.log"));
            return 1;
        } finally {
            run.say("Cleaning up (the job, frozen processes" + (grid.own() && !keepGrid ? ", the harness's grid" : "") + ")...");
            run.cleanUp();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private Optional<String> validate(final Path repo) {
        if (!"redis".equals(store) && !"cassandra".equals(store)) {
            return Optional.of("--store must be redis or cassandra, not '" + store + "'.");
        }
        if (duration <= 0 || rate <= 0 || stepMs <= 0 || partitions <= 0 || stopSeconds <= 0 || amKills < 0 || drainSeconds <= 0) {
            return Optional.of("--duration, --rate, --step-ms, --partitions, --stop-seconds and --drain-seconds must be"
                    + " positive, --am-kills not negative.");
        }
        for (String f : faults == null ? List.<String>of() : faults) {
            final Optional<FaultKind> kind = FaultKind.byId(f);
            if (kind.isEmpty()) {
                return Optional.of("unknown fault '" + f + "' in --faults.");
            }
            if (kind.get().store != null && !kind.get().store.equals(store)) {
                return Optional.of("--faults " + f + " needs --store " + kind.get().store + " (the job does not use "
                        + kind.get().store + " with --store " + store + ").");
            }
        }
        if (!Files.isRegularFile(baseConfig(repo))) {
            return Optional.of("the shipped config " + baseConfig(repo) + " is missing (is riffle.home the repository?).");
        }
        if (!Files.isRegularFile(jobPackage(repo))) {
            return Optional.of("the job package " + jobPackage(repo) + " is missing; build it: mvn -B -q -pl chaos -am package"
                    + " -Dmaven.test.skip=true");
        }
        if (useRunningGrid && gridHome != null) {
            return Optional.of("--grid-home names the harness's own grid; with --use-running-grid set RIFFLE_GRID_HOME instead.");
        }
        return Optional.empty();
    }

    private Set<FaultKind> kinds() {
        final Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        if (faults == null) {
            for (FaultKind k : FaultKind.values()) {
                if (k.store == null || k.store.equals(store)) {
                    kinds.add(k);
                }
            }
        } else {
            faults.forEach(f -> kinds.add(FaultKind.byId(f).orElseThrow()));
        }
        if (amKills == 0) {
            kinds.remove(FaultKind.AM_KILL);
        }
        return kinds;
    }

    private int containerCount(final Path repo) throws IOException {
        final String override = overrides.get("job.container.count");
        if (override != null) {
            return Integer.parseInt(override.trim());
        }
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(baseConfig(repo))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("job.container.count", "1").trim());
    }

    private Path baseConfig(final Path repo) {
        return repo.resolve("config").resolve("cassandra".equals(store) ? "visitor-counter-cassandra.properties"
                : "visitor-counter.properties");
    }

    private Path jobPackage(final Path repo) {
        return jobPackage != null ? jobPackage.toAbsolutePath()
                : repo.resolve("examples/visitor-counter/target/visitor-counter-dist.tar.gz");
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new ChaosMain()).execute(args));
    }
}
