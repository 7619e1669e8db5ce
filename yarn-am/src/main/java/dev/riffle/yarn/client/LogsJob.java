package dev.riffle.yarn.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
                final boolean running = report.getYarnApplicationState() == YarnApplicationState.RUNNING;
                final String yarnContainer = running && container != null && !"am".equals(container)
                        ? runningContainer(report) : null;
                final Path dir = Files.createTempDirectory("riffle-logs-");
                try {
                    final List<String> args = new ArrayList<>(List.of("-applicationId", id.toString(), "-out", dir.toString()));
                    if (yarnContainer != null) {
                        args.addAll(List.of("-containerId", yarnContainer));
                    }
                    if (logFile != null) {
                        args.addAll(List.of("-log_files", logFile));
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
                    return print(id, report, dir, status, yarnContainer != null);
                } finally {
                    deleteTree(dir);
                }
            }
        });
    }

    /** The YARN container that runs logical container {@link #container} now, from the AM's status. */
    private String runningContainer(final ApplicationReport report) throws IOException, InterruptedException {
        final Map<String, Object> status = AppLookup.parse(AppLookup.get(AppLookup.amUrl(report) + "/api/status"));
        if (status.get("containers") instanceof List<?> containers) {
            for (Object o : containers) {
                if (o instanceof Map<?, ?> c && container.equals(String.valueOf(c.get("id")))) {
                    final Object yarnId = c.get("yarnContainerId");
                    if (yarnId == null) {
                        throw new AppLookup.NotFoundException("Logical container " + container + " of application "
                                + report.getApplicationId() + " has no YARN container now (state " + c.get("state")
                                + "); try again in a few seconds, or see scripts/status-job.sh.");
                    }
                    return yarnId.toString();
                }
            }
        }
        throw new AppLookup.NotFoundException("Application " + report.getApplicationId() + " has no logical container "
                + container + "; scripts/status-job.sh " + report.getApplicationId() + " lists them.");
    }

    /** Prints each fetched container log (LogsCLI writes one file per container under {@code dir}). */
    private int print(final ApplicationId id, final ApplicationReport report, final Path dir, final int cliStatus,
                      final boolean alreadyPicked) throws IOException {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(LogsJob::containerOf)).toList();
        }
        int shown = 0;
        for (Path file : files) {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!alreadyPicked && container != null && !isLogicalContainer(text, container)) {
                continue;
            }
            out.println("==> " + containerOf(file) + " on " + dir.relativize(file).getParent() + " <==");
            out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
            shown++;
        }
        if (shown > 0) {
            return ClientSupport.OK;
        }
        err.println("logs-job.sh: no logs of " + (container == null ? "" : "container " + container + " of ")
                + "application " + id + " (" + report.getYarnApplicationState() + ")"
                + (cliStatus == 0 ? "" : "; YARN's log reader failed with status " + cliStatus + ", see above")
                + ". Logs of a finished application appear once the NodeManagers have aggregated them (seconds);"
                + " check yarn.log-aggregation-enable and yarn.nodemanager.remote-app-log-dir.");
        return ClientSupport.FAILURE;
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
