package dev.riffle.yarn.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import java.util.concurrent.Callable;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status-job.sh}: prints a running job's containers and tasks from its application master. */
@Command(name = "status-job.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a Riffle job's containers, tasks, offsets, lag, throughput and restarts.",
                "With --watch, redraws until Ctrl-C or until the application ends.",
                "Exit status: 0 shown, 1 the application is not running or its AM does not answer, 2 bad usage or config."})
public final class StatusJob implements Callable<Integer> {

    /** ANSI: cursor home, then clear the screen (what watch(1) and top do between frames). */
    public static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Parameters(arity = "0..1", paramLabel = "APP_ID", description = "The YARN application id.")
    private String appId;

    @Option(names = "--config-path", paramLabel = "FILE", description = "Find the running application <job.name>_<job.id> of this config.")
    private Path configPath;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "Override a key of the file; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print the application master's /api/status document as is.")
    private boolean json;

    @Option(names = "--watch", arity = "0..1", paramLabel = "SECONDS", parameterConsumer = WatchPeriod.class,
            description = "Redraw the table every SECONDS (default 2) until Ctrl-C or the application ends.")
    private Integer watchSeconds;

    /** The default of {@code --watch} without a number. */
    static final int DEFAULT_WATCH_SECONDS = 2;

    /**
     * Takes the next argument as the period only when it is a number, so {@code --watch APP_ID} watches
     * APP_ID every 2 s instead of failing to read the application id as seconds.
     */
    static final class WatchPeriod implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(final Stack<String> args, final CommandLine.Model.ArgSpec argSpec,
                                      final CommandLine.Model.CommandSpec commandSpec) {
            argSpec.setValue(!args.isEmpty() && args.peek().matches("-?\\d+")
                    ? Integer.valueOf(args.pop()) : Integer.valueOf(DEFAULT_WATCH_SECONDS));
        }
    }

    /** The watch period in seconds, {@code null} without {@code --watch}. */
    Integer watchSeconds() {
        return watchSeconds;
    }

    /** The application id argument. */
    String appId() {
        return appId;
    }

    private final PrintStream out;
    private final PrintStream err;

    public StatusJob() {
        this(System.out, System.err);
    }

    /** A command printing to the given streams (tests run it in-process). */
    public StatusJob(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Redraws until interrupted (Ctrl-C ends the JVM) or the application leaves RUNNING. A status the AM
     * does not answer is shown in the frame and tried again: an AM restart should not end the watch.
     */
    private int watch(final YarnClient yarn, final ApplicationId id) throws Exception {
        while (true) {
            final ApplicationReport report = yarn.getApplicationReport(id);
            if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
                out.println(notRunning(report));
                return ClientSupport.OK;
            }
            String body;
            try {
                body = frame(report);
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted while reading the status of " + id);
            } catch (IOException e) {
                body = "The application master of " + id + " does not answer (" + e.getMessage() + "); trying again.\n";
            }
            out.print(CLEAR_SCREEN + "Every " + watchSeconds + " s, " + LocalTime.now().withNano(0)
                    + " (Ctrl-C to stop)\n\n" + body);
            out.flush();
            Thread.sleep(watchSeconds * 1000L);
        }
    }

    private String frame(final ApplicationReport report) throws IOException, InterruptedException {
        final String body = AppLookup.get(AppLookup.amUrl(report) + "/api/status");
        return json ? body + "\n" : StatusTable.render(AppLookup.parseStatus(body));
    }

    private static String notRunning(final ApplicationReport report) {
        return "Application " + report.getApplicationId() + " (" + report.getName() + ") is "
                + report.getYarnApplicationState() + " (" + report.getFinalApplicationStatus() + ")."
                + (report.getDiagnostics() == null || report.getDiagnostics().isBlank() ? ""
                : " Diagnostics:\n" + report.getDiagnostics());
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new StatusJob()).execute(args));
    }

    @Override
    public Integer call() {
        if (watchSeconds != null && watchSeconds < 1) {
            err.println("status-job.sh: --watch takes a whole number of seconds of at least 1, not " + watchSeconds + ".");
            return ClientSupport.USAGE;
        }
        return ClientSupport.run(err, "status-job.sh", () -> {
            try (YarnClient yarn = ClientSupport.yarn(HadoopConf.load())) {
                final ApplicationReport report = ClientSupport.find(yarn, appId, configPath, overrides, err);
                if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
                    err.println(notRunning(report));
                    return ClientSupport.FAILURE;
                }
                if (watchSeconds != null) {
                    return watch(yarn, report.getApplicationId());
                }
                out.print(frame(report));
                return ClientSupport.OK;
            }
        });
    }
}
