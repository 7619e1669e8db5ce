package dev.riffle.yarn.client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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
                "Exit status: 0 shown, 1 the application is not running or its AM does not answer, 2 bad usage or config."})
public final class StatusJob implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "APP_ID", description = "The YARN application id.")
    private String appId;

    @Option(names = "--config-path", paramLabel = "FILE", description = "Find the running application <job.name>_<job.id> of this config.")
    private Path configPath;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "Override a key of the file; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print the application master's /api/status document as is.")
    private boolean json;

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

    public static void main(final String[] args) {
        System.exit(new CommandLine(new StatusJob()).execute(args));
    }

    @Override
    public Integer call() {
        return ClientSupport.run(err, "status-job.sh", () -> {
            try (YarnClient yarn = ClientSupport.yarn(HadoopConf.load())) {
                final ApplicationReport report = ClientSupport.find(yarn, appId, configPath, overrides, err);
                if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
                    err.println("Application " + report.getApplicationId() + " (" + report.getName() + ") is "
                            + report.getYarnApplicationState() + " (" + report.getFinalApplicationStatus() + ")."
                            + (report.getDiagnostics() == null || report.getDiagnostics().isBlank() ? ""
                            : " Diagnostics:\n" + report.getDiagnostics()));
                    return ClientSupport.FAILURE;
                }
                final String body = AppLookup.get(AppLookup.amUrl(report) + "/api/status");
                out.print(json ? body + "\n" : StatusTable.render(AppLookup.parse(body)));
                return ClientSupport.OK;
            }
        });
    }
}
