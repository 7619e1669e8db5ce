package dev.riffle.yarn.client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.config.SecretMasking;
import dev.riffle.runner.local.LocalJobRunner;

/** {@code run-job.sh}: validates a job's configuration, then submits it to YARN or runs it locally. */
@Command(name = "run-job.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a job's configuration, then submit it to YARN (job.factory=yarn) or run it in "
                + "this process (job.factory=local).",
                "Hadoop configuration: HADOOP_CONF_DIR, else <RIFFLE_GRID_HOME or repo/.grid>/hadoop-conf.",
                "Exit status: 0 submitted (or, with --wait, running; local: finished), 1 failure, 2 bad usage or config."})
public final class RunJob implements Callable<Integer> {

    @Option(names = "--config-path", required = true, paramLabel = "FILE", description = "The job's .properties file.")
    private Path configPath;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "Override a key of the file; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--wait", description = "Follow the application until it is RUNNING; on failure print its diagnostics and exit 1.")
    private boolean waitForRunning;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Longest --wait follows the application (default: ${DEFAULT-VALUE}).")
    private long waitTimeoutSeconds;

    @Option(names = "--package", paramLabel = "FILE",
            description = "The job package (.tar.gz) to upload when yarn.package.path is unset; default: the *-dist.tar.gz "
                    + "built under target/ (or RIFFLE_PACKAGE).")
    private Path packageFile;

    private final PrintStream out;
    private final PrintStream err;

    public RunJob() {
        this(System.out, System.err);
    }

    /** A command printing to the given streams (tests run it in-process). */
    public RunJob(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new RunJob()).execute(args));
    }

    @Override
    public Integer call() {
        return ClientSupport.run(err, "run-job.sh", () -> {
            final JobConfig config = ClientSupport.loadConfig(configPath, overrides, false, err);
            if ("local".equals(config.get(RiffleConfig.JOB_FACTORY))) {
                return runLocally(ClientSupport.loadConfig(configPath, overrides, true, err));
            }
            final String configured = config.get(RiffleConfig.YARN_PACKAGE_PATH);
            final Path tarball = configured == null || configured.isBlank()
                    ? PackageLocator.locate(packageFile, ClientSupport.home(), config.get(RiffleConfig.JOB_NAME)) : null;
            final YarnConfiguration conf = HadoopConf.load();
            try (YarnClient yarn = ClientSupport.yarn(conf)) {
                final long began = System.nanoTime();
                final ApplicationId id = new JobSubmitter(conf, yarn, out).submit(config, tarball);
                out.println("Submitted " + JobSubmitter.applicationName(config) + " as application " + id + ".");
                out.println("Tracking URL: " + pageThroughProxy(conf, id) + " (the job's page, through the "
                        + "ResourceManager's proxy; it answers once the application master runs)");
                return waitForRunning ? follow(yarn, id, began) : ClientSupport.OK;
            }
        });
    }

    /**
     * The job page's URL through the ResourceManager's web proxy, as the RM UI links it. Known before the
     * AM registers (the report's tracking URL may still be N/A then) and stable across AM attempts.
     */
    static String pageThroughProxy(final YarnConfiguration conf, final ApplicationId id) {
        return WebAppUtils.getHttpSchemePrefix(conf) + WebAppUtils.getProxyHostAndPort(conf) + "/proxy/" + id + "/";
    }

    private int follow(final YarnClient yarn, final ApplicationId id, final long began) throws Exception {
        final long deadline = began + waitTimeoutSeconds * 1_000_000_000L;
        YarnApplicationState last = null;
        String lastDiagnostics = "";
        while (System.nanoTime() < deadline) {
            final ApplicationReport report = yarn.getApplicationReport(id);
            final YarnApplicationState state = report.getYarnApplicationState();
            final String elapsed = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - began) / 1e9);
            if (state != last) {
                out.println("  " + state + " after " + elapsed);
                last = state;
            }
            // While ACCEPTED, the ResourceManager's diagnostics say what the AM is waiting for.
            final String diagnostics = report.getDiagnostics() == null ? "" : SecretMasking.maskText(report.getDiagnostics().strip());
            if (!diagnostics.isEmpty() && !diagnostics.equals(lastDiagnostics) && !AppLookup.ENDED.contains(state)) {
                out.println("    " + elapsed + ": " + diagnostics.replaceAll("\\s+", " "));
            }
            lastDiagnostics = diagnostics;
            if (state == YarnApplicationState.RUNNING) {
                out.println("Application " + id + " is RUNNING after " + elapsed + "; status: scripts/status-job.sh " + id);
                return ClientSupport.OK;
            }
            if (AppLookup.ENDED.contains(state)) {
                err.println("Application " + id + " ended " + state + " (" + report.getFinalApplicationStatus()
                        + ") after " + elapsed + ". Diagnostics:\n" + SecretMasking.maskText(report.getDiagnostics()));
                return ClientSupport.FAILURE;
            }
            Thread.sleep(200);
        }
        err.println("Application " + id + " is not RUNNING after " + waitTimeoutSeconds + " s (state " + last
                + "); it keeps going. Check the ResourceManager's queue and the AM log.");
        return ClientSupport.FAILURE;
    }

    /** Runs every container in this JVM until it stops, through the runtime's local runner. */
    private static int runLocally(final JobConfig config) {
        return LocalJobRunner.runForeground(config);
    }
}
