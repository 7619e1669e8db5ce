package dev.riffle.yarn.client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.riffle.runner.protocol.JobStatus;

/**
 * {@code kill-job.sh}: asks the application master to stop the job gracefully (every container
 * commits and exits), then kills the application so YARN shows it KILLED. When the AM does not
 * answer, or the containers take longer than {@code --timeout}, it kills the application directly.
 */
@Command(name = "kill-job.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stop a Riffle job gracefully: containers commit and exit, then the application is killed.",
                "Exit status: 0 killed, 1 failure (no such application, or it did not end), 2 bad usage or config."})
public final class KillJob implements Callable<Integer> {

    private static final Set<String> STOPPED = Set.of("STOPPED", "FAILED", "SUCCEEDED");

    @Parameters(arity = "0..1", paramLabel = "APP_ID", description = "The YARN application id.")
    private String appId;

    @Option(names = "--config-path", paramLabel = "FILE", description = "Find the running application <job.name>_<job.id> of this config.")
    private Path configPath;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "Override a key of the file; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest to wait for containers to commit and exit (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    private final PrintStream out;
    private final PrintStream err;

    public KillJob() {
        this(System.out, System.err);
    }

    /** A command printing to the given streams (tests run it in-process). */
    public KillJob(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new KillJob()).execute(args));
    }

    @Override
    public Integer call() {
        return ClientSupport.run(err, "kill-job.sh", () -> {
            final org.apache.hadoop.yarn.conf.YarnConfiguration conf = HadoopConf.load();
            try (YarnClient yarn = ClientSupport.yarn(conf)) {
                final ApplicationReport report = ClientSupport.find(yarn, appId, configPath, overrides, err);
                final ApplicationId id = report.getApplicationId();
                if (AppLookup.ENDED.contains(report.getYarnApplicationState())) {
                    out.println("Application " + id + " already ended: " + report.getYarnApplicationState() + ".");
                    return report.getYarnApplicationState() == YarnApplicationState.KILLED ? ClientSupport.OK : ClientSupport.FAILURE;
                }
                if (report.getYarnApplicationState() == YarnApplicationState.RUNNING) {
                    stopGracefully(report);
                }
                yarn.killApplication(id, "Stopped with kill-job.sh.");
                final long deadline = System.nanoTime() + 30_000_000_000L;
                YarnApplicationState state = yarn.getApplicationReport(id).getYarnApplicationState();
                while (!AppLookup.ENDED.contains(state) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    state = yarn.getApplicationReport(id).getYarnApplicationState();
                }
                out.println("Application " + id + " is " + state + ".");
                if (state == YarnApplicationState.KILLED) {
                    deleteAppDir(conf, id);
                }
                return state == YarnApplicationState.KILLED ? ClientSupport.OK : ClientSupport.FAILURE;
            }
        });
    }

    /** A killed AM cannot clean up after itself, so the staged package and config go here. */
    private void deleteAppDir(final org.apache.hadoop.yarn.conf.YarnConfiguration conf, final ApplicationId id) {
        try {
            final org.apache.hadoop.fs.Path dir = JobSubmitter.appDir(conf, id);
            dir.getFileSystem(conf).delete(dir, true);
        } catch (java.io.IOException e) {
            err.println("kill-job.sh: cannot delete the staging directory of " + id + ": " + e.getMessage());
        }
    }

    private void stopGracefully(final ApplicationReport report) throws InterruptedException {
        final String am;
        try {
            am = AppLookup.amUrl(report);
            AppLookup.post(am + "/api/shutdown");
        } catch (java.io.IOException | RuntimeException e) {
            err.println("kill-job.sh: the application master of " + report.getApplicationId() + " did not take the stop "
                    + "request (" + e.getMessage() + "); killing the application without a final commit.");
            return;
        }
        out.println("Asked the application master of " + report.getApplicationId() + " to stop; waiting for containers "
                + "to commit and exit.");
        final long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                final JobStatus status = AppLookup.status(am);
                if (STOPPED.contains(status.state())) {
                    out.println("Every container of " + report.getApplicationId() + " exited (" + status.state() + ").");
                    return;
                }
            } catch (java.io.IOException e) {
                // The AM may be busy or already gone; the kill below ends the application either way.
                break;
            }
            Thread.sleep(250);
        }
        err.println("kill-job.sh: containers of " + report.getApplicationId() + " did not all exit within "
                + timeoutSeconds + " s; killing the application.");
    }
}
