package dev.riffle.yarn.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.LogsCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebServiceClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.riffle.runner.protocol.JobStatus;

/**
 * {@code logs-job.sh}: the logs of a Riffle job's containers, through YARN's own log reader
 * ({@link LogsCLI}): from the NodeManagers while the application runs, from the aggregated logs once
 * it has ended. {@code --container N} picks Riffle's logical container N: while the job runs the
 * application master says which YARN container runs it; afterwards every YARN container whose log
 * lines say {@code container=N} (the log pattern of riffle-yarn-log4j2.xml) is shown, restarts included.
 */
@Command(name = "logs-job.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the logs of a Riffle job's containers (YARN log aggregation).",
                "Exit status: 0 shown, 1 no such application or no logs (yet), 2 bad usage."})
public final class LogsJob implements Callable<Integer> {

    private static final Pattern CONTAINER_ID = Pattern.compile("container_(e\\d+_)?\\d+_\\d+_\\d+_\\d+");

    @Parameters(paramLabel = "APP_ID", description = "The YARN application id.")
    private String appId;

    @Option(names = "--container", paramLabel = "N",
            description = "Only Riffle's logical container N (0..job.container.count-1); 'am' for the application master.")
    private String container;

    @Option(names = "--log-file", paramLabel = "NAME", description = "Only this log file of each container, e.g. stdout"
            + " or stderr (default: all).")
    private String logFile;

    @Option(names = "--follow", description = "While the application runs, keep printing what is added to the log"
            + " (stdout unless --log-file) every 2 s, until Ctrl-C or the application ends.")
    private boolean follow;

    /** How often {@code --follow} reads the logs again. */
    static final long FOLLOW_PERIOD_MS = 2_000;
    private static final String CONTENTS_MARKER = "LogContents:\n";
    private static final String END_MARKER = "\nEnd of LogType:";

    private final PrintStream out;
    private final PrintStream err;

    public LogsJob() {
        this(System.out, System.err);
    }

    /** A command printing to the given streams (tests run it in-process). */
    public LogsJob(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new LogsJob()).execute(args));
    }

    @Override
    public Integer call() {
        return ClientSupport.run(err, "logs-job.sh", () -> {
            if (container != null && !container.matches("am|\\d+")) {
                throw new UsageException("--container takes a logical container number (0, 1, ...) or 'am', not '"
                        + container + "'.");
            }
            final ApplicationId id = AppLookup.parseId(appId);
            final YarnConfiguration conf = HadoopConf.load();
            try (YarnClient yarn = ClientSupport.yarn(conf)) {
                final ApplicationReport report = ClientSupport.find(yarn, id.toString(), null, List.of(), err);
                if (follow && report.getYarnApplicationState() == YarnApplicationState.RUNNING) {
                    return follow(conf, yarn, id);
                }
                final Fetched logs = fetch(conf, report, logFile);
                if (logs.files().isEmpty()) {
                    err.println("logs-job.sh: no logs of " + (container == null ? "" : "container " + container + " of ")
                            + "application " + id + " (" + report.getYarnApplicationState() + ")"
                            + (logs.cliStatus() == 0 ? "" : "; YARN's log reader failed with status " + logs.cliStatus()
                            + ", see above") + ". Logs of a finished application appear once the NodeManagers have"
                            + " aggregated them (seconds); check yarn.log-aggregation-enable and"
                            + " yarn.nodemanager.remote-app-log-dir.");
                    return ClientSupport.FAILURE;
                }
                logs.files().forEach((where, text) -> {
                    out.println("==> " + where + " <==");
                    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
                });
                return ClientSupport.OK;
            }
        });
    }

    /**
     * Prints the log file ({@code stdout} unless {@code --log-file}) of the chosen containers, then every
     * {@link #FOLLOW_PERIOD_MS} what was added, until the application leaves RUNNING or Ctrl-C.
     */
    private int follow(final YarnConfiguration conf, final YarnClient yarn, final ApplicationId id) throws Exception {
        final Map<String, String> printed = new HashMap<>();
        while (true) {
            final ApplicationReport report = yarn.getApplicationReport(id);
            if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
                out.println("==> application " + id + " is " + report.getYarnApplicationState() + " now; stopped following <==");
                return ClientSupport.OK;
            }
            final Fetched logs;
            try {
                logs = fetch(conf, report, logFile == null ? "stdout" : logFile);
            } catch (AppLookup.NotFoundException e) {
                // The logical container is between two YARN containers (a restart): wait for the next one.
                Thread.sleep(FOLLOW_PERIOD_MS);
                continue;
            }
            logs.files().forEach((where, text) -> {
                final String contents = contentsOf(text);
                final String before = printed.put(where, contents);
                final String fresh = added(before, contents);
                if (before == null || fresh.length() == contents.length() && !contents.isEmpty()) {
                    out.println("==> " + where + " <==");
                }
                out.print(fresh);
            });
            out.flush();
            Thread.sleep(FOLLOW_PERIOD_MS);
        }
    }

    /** The logs LogsCLI fetched, by {@code <yarn container id> on <node>}, and LogsCLI's status. */
    private record Fetched(Map<String, String> files, int cliStatus) {
    }

    /** Fetches the chosen containers' logs with LogsCLI (it writes one file per container into a scratch directory). */
    private Fetched fetch(final YarnConfiguration conf, final ApplicationReport report, final String onlyFile)
            throws Exception {
        final boolean running = report.getYarnApplicationState() == YarnApplicationState.RUNNING;
        final String yarnContainer = running && container != null && !"am".equals(container)
                ? runningContainer(report) : null;
        final Path dir = Files.createTempDirectory("riffle-logs-");
        try {
            final List<String> args = new ArrayList<>(List.of("-applicationId", report.getApplicationId().toString(),
                    "-out", dir.toString()));
            if (yarnContainer != null) {
                args.addAll(List.of("-containerId", yarnContainer));
            }
            if (onlyFile != null) {
                args.addAll(List.of("-log_files", onlyFile));
            }
            final LogsCLI cli = new LogsCLI();
            cli.setConf(conf);
            // LogsCLI reads running containers' logs from the NodeManagers' web services through this client.
            WebServiceClient.initialize(conf);
            final int status;
            try {
                status = cli.run(args.toArray(new String[0]));
            } finally {
                WebServiceClient.destroy();
            }
            final Map<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    final String text = Files.readString(file, StandardCharsets.UTF_8);
                    if (yarnContainer == null && container != null && !isLogicalContainer(text, container)) {
                        continue;
                    }
                    files.put(containerOf(file) + " on " + dir.relativize(file).getParent(), text);
                }
            }
            return new Fetched(files, status);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The log itself out of LogsCLI's output for one log file, without the header lines that change
     * on every read (modification time, length); the whole text when it has no such structure.
     */
    static String contentsOf(final String cliOutput) {
        final int start = cliOutput.indexOf(CONTENTS_MARKER);
        if (start < 0) {
            return cliOutput;
        }
        final int from = start + CONTENTS_MARKER.length();
        final int end = cliOutput.indexOf(END_MARKER, from);
        // LogsCLI ends the contents with its own line feed before the marker; leaving it out keeps a later,
        // longer read a continuation of this one.
        return end < 0 ? cliOutput.substring(from) : cliOutput.substring(from, end);
    }

    /** What {@code now} adds to {@code before}; all of {@code now} when it is not a continuation (a new container). */
    static String added(final String before, final String now) {
        return before != null && now.startsWith(before) ? now.substring(before.length()) : now;
    }

    /** The YARN container that runs logical container {@link #container} now, from the AM's status. */
    private String runningContainer(final ApplicationReport report) throws IOException, InterruptedException {
        final JobStatus status = AppLookup.status(AppLookup.amUrl(report));
        for (JobStatus.Container c : status.containers()) {
            if (container.equals(c.id())) {
                if (c.yarnContainerId() == null) {
                    throw new AppLookup.NotFoundException("Logical container " + container + " of application "
                            + report.getApplicationId() + " has no YARN container now (state " + c.state()
                            + "); try again in a few seconds, or see scripts/status-job.sh.");
                }
                return c.yarnContainerId();
            }
        }
        throw new AppLookup.NotFoundException("Application " + report.getApplicationId() + " has no logical container "
                + container + "; scripts/status-job.sh " + report.getApplicationId() + " lists them.");
    }

    /**
     * Whether a container's log comes from logical container {@code logicalId}, or from the application
     * master for {@code am} (the riffle-yarn-log4j2.xml pattern writes {@code container=<id>} in every line).
     */
    static boolean isLogicalContainer(final String log, final String logicalId) {
        return log.contains(" container=" + logicalId + " ");
    }

    private static String containerOf(final Path file) {
        final Matcher m = CONTAINER_ID.matcher(file.toString());
        String last = file.getFileName().toString();
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    private static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
