package dev.riffle.yarn.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.yarn.am.AmContract;
import dev.riffle.yarn.am.YarnLaunch;

/**
 * Submits a validated job to YARN: stages the package (unless {@code yarn.package.path} names one)
 * and the resolved configuration under {@code ${fs.defaultFS}/user/<user>/.riffle/<application id>/},
 * and submits the application master with the job's resources, queue and attempts.
 */
public final class JobSubmitter {

    private final YarnConfiguration conf;
    private final YarnClient yarn;
    private final PrintStream out;

    public JobSubmitter(final YarnConfiguration conf, final YarnClient yarn, final PrintStream out) {
        this.conf = conf;
        this.yarn = yarn;
        this.out = out;
    }

    /** The YARN application name of a job: {@code <job.name>_<job.id>}. */
    public static String applicationName(final JobConfig config) {
        return JobIdentity.of(config).applicationName();
    }

    /** {@code ${fs.defaultFS}/user/<user>/.riffle/<application id>}: the staged package, config and journal. */
    public static org.apache.hadoop.fs.Path appDir(final YarnConfiguration conf, final ApplicationId id) throws IOException {
        final String user = UserGroupInformation.getCurrentUser().getShortUserName();
        return FileSystem.get(conf).makeQualified(new org.apache.hadoop.fs.Path("/user/" + user + "/.riffle/" + id));
    }

    /**
     * @param localPackage the tarball to upload when {@code yarn.package.path} is unset; may be null otherwise
     */
    public ApplicationId submit(final JobConfig config, final Path localPackage) throws IOException, YarnException {
        final YarnClientApplication app = yarn.createApplication();
        final ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
        final ApplicationId id = context.getApplicationId();
        final FileSystem fs = FileSystem.get(conf);
        final org.apache.hadoop.fs.Path appDir = appDir(conf, id);
        fs.mkdirs(appDir);

        final URI packageUri;
        final String configured = config.get(RiffleConfig.YARN_PACKAGE_PATH);
        if (configured != null && !configured.isBlank()) {
            packageUri = URI.create(configured.trim());
        } else {
            final org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(appDir, localPackage.getFileName().toString());
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(localPackage.toAbsolutePath().toUri()), target);
            packageUri = target.toUri();
            out.println("Uploaded job package " + localPackage + " to " + target + ".");
        }
        final org.apache.hadoop.fs.Path configFile = new org.apache.hadoop.fs.Path(appDir, AmContract.CONFIG_LINK);
        try (OutputStream stream = fs.create(configFile, true)) {
            final Properties p = new Properties();
            p.putAll(config.asMap());
            p.store(stream, "Resolved configuration of " + applicationName(config) + " (" + id + ")");
        }

        final Map<String, String> env = new HashMap<>();
        env.put(Environment.CLASSPATH.name(), YarnLaunch.classpath(conf, true));
        env.put(AmContract.ENV_PACKAGE_URI, packageUri.toString());
        env.put(AmContract.ENV_CONFIG_URI, configFile.toUri().toString());
        env.put(AmContract.ENV_APP_DIR, appDir.toUri().toString());
        env.put(ContainerLaunch.ENV_JOB, JobIdentity.of(config).instance());
        final ContainerLaunchContext am = ContainerLaunchContext.newInstance(
                YarnLaunch.resources(conf, packageUri, configFile.toUri()), env,
                List.of(YarnLaunch.javaCommand(config.get(RiffleConfig.YARN_AM_OPTS), AmContract.AM_MAIN_CLASS)),
                null, null, null);

        describe(context, config);
        context.setAMContainerSpec(am);
        return yarn.submitApplication(context);
    }

    /**
     * Name, queue, AM resources and attempt policy of the application. The ResourceManager fails the
     * application when {@code yarn.am.attempts} AM attempts failed within the last
     * {@code yarn.am.attempt.failures.validity.ms}; older failures are forgotten, so a long-running job
     * survives an AM failure every few hours indefinitely.
     */
    static void describe(final ApplicationSubmissionContext context, final JobConfig config) {
        context.setApplicationName(applicationName(config));
        context.setApplicationType(AmContract.APPLICATION_TYPE);
        context.setQueue(config.get(RiffleConfig.YARN_QUEUE));
        context.setResource(Resource.newInstance(config.get(RiffleConfig.YARN_AM_MEMORY_MB), 1));
        context.setMaxAppAttempts(config.get(RiffleConfig.YARN_AM_ATTEMPTS));
        context.setAttemptFailuresValidityInterval(config.get(RiffleConfig.YARN_AM_ATTEMPT_FAILURES_VALIDITY_MS));
        context.setKeepContainersAcrossApplicationAttempts(true);
    }
}
