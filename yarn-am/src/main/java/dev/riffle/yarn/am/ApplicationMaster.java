package dev.riffle.yarn.am;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.config.SecretMasking;
import dev.riffle.runner.model.JobModel;
import dev.riffle.yarn.am.web.StatusPage;

/**
 * The Riffle application master's main: wires the HTTP endpoint, the YARN adapter, the journal, the
 * partition watcher and the {@link JobCoordinator}, then waits for the job to end and unregisters
 * with the matching final status. Decisions live in the coordinator.
 */
public final class ApplicationMaster {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMaster.class);

    private ApplicationMaster() {
    }

    /** The job's end as the coordinator reported it. */
    private record Outcome(JobCoordinator.JobState state, String diagnostics) {
    }

    public static void main(final String[] args) throws Exception {
        final long started = System.currentTimeMillis();
        final ContainerId amContainer = ContainerId.fromString(requireEnv(Environment.CONTAINER_ID.name()));
        final String appId = amContainer.getApplicationAttemptId().getApplicationId().toString();
        final int attempt = amContainer.getApplicationAttemptId().getAttemptId();
        final JobConfig config = loadConfig(Path.of(AmContract.CONFIG_LINK));
        final String jobName = JobIdentity.of(config).applicationName();
        final YarnConfiguration conf = new YarnConfiguration();
        final URI packageUri = URI.create(requireEnv(AmContract.ENV_PACKAGE_URI));
        final URI configUri = URI.create(requireEnv(AmContract.ENV_CONFIG_URI));
        final AssignmentJournal journal = new AssignmentJournal(conf,
                new org.apache.hadoop.fs.Path(requireEnv(AmContract.ENV_APP_DIR)));
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        final String host = requireEnv(Environment.NM_HOST.name());
        LOG.info("Riffle application master of job {} (application {}, attempt {}) starting on {}.", jobName, appId,
                attempt, host);

        final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "riffle-am-timer");
            t.setDaemon(true);
            return t;
        });
        final AmHttpServer http = new AmHttpServer(0);
        final String amUrl = "http://" + host + ":" + http.port();
        final ContainerContexts contexts = new ContainerContexts(conf, config, packageUri, configUri, amUrl, appId);
        final YarnClusterManager cluster = new YarnClusterManager(conf, config.get(RiffleConfig.YARN_CONTAINER_MEMORY_MB),
                config.get(RiffleConfig.YARN_CONTAINER_VCORES), contexts);
        final JobCoordinator coordinator = new JobCoordinator(cluster, new JobCoordinator.Settings(jobName,
                config.get(RiffleConfig.YARN_CONTAINER_RETRY_COUNT),
                config.get(RiffleConfig.YARN_CONTAINER_RETRY_WINDOW_MS)), new JobCoordinator.Observer() {
                    @Override
                    public void onAssignmentsChanged(final Map<String, String> assignments) {
                        journal.write(assignments);
                    }

                    @Override
                    public void onJobFinished(final JobCoordinator.JobState state, final String diagnostics) {
                        outcome.complete(new Outcome(state, diagnostics));
                    }
                }, System::currentTimeMillis);
        final StatusPage page = new StatusPage(jobName, config.asMap());
        http.serve(coordinator, () -> StatusJson.render(coordinator.snapshot(), appId, attempt, started,
                System.currentTimeMillis()), page);
        timers.scheduleAtFixedRate(() -> {
            try {
                page.sample(coordinator.snapshot(), System.currentTimeMillis());
            } catch (RuntimeException e) {
                // An exception would cancel the schedule; one lost sample is harmless.
                LOG.warn("Job {}: cannot take a throughput sample for the page's chart: {}", jobName, e.toString());
            }
        }, 0, StatusPage.SAMPLE_INTERVAL_MS, TimeUnit.MILLISECONDS);

        final RegisterApplicationMasterResponse registration = cluster.start(coordinator, host, http.port(), amUrl + "/");
        LOG.info("Job {}: registered with the ResourceManager; its page is at {}/ (status JSON at {}/api/status).",
                jobName, amUrl, amUrl);
        try (PartitionWatcher partitions = new PartitionWatcher(config)) {
            final JobModel model;
            try {
                model = JobModel.build(config, partitions.partitionCounts());
                contexts.checkFits(model);
            } catch (RuntimeException e) {
                final String reason = SecretMasking.maskText(e.getMessage());
                LOG.error("Job {} cannot start: {}", jobName, reason);
                cluster.unregister(FinalApplicationStatus.FAILED, reason);
                cluster.close();
                http.close();
                return;
            }
            coordinator.start(model, adopted(registration.getContainersFromPreviousAttempts(), journal.read()));
            final long checkMs = config.get(RiffleConfig.YARN_AM_PARTITION_CHECK_MS);
            timers.scheduleWithFixedDelay(() -> {
                try {
                    coordinator.partitionsChanged(partitions.partitionCounts());
                } catch (RuntimeException e) {
                    LOG.warn("Job {}: cannot check the inputs for new partitions ({}); trying again in {} ms.",
                            jobName, e.getMessage(), checkMs);
                }
            }, checkMs, checkMs, TimeUnit.MILLISECONDS);
            final long graceMs = config.get(RiffleConfig.YARN_AM_SHUTDOWN_GRACE_MS);
            final Outcome end = awaitEnd(coordinator, outcome, timers, graceMs);
            finish(cluster, jobName, end, graceMs);
            deleteAppDir(conf, requireEnv(AmContract.ENV_APP_DIR));
        } finally {
            timers.shutdownNow();
            http.close();
            cluster.close();
        }
    }

    /** Waits for the end; once a stop is requested, stops stragglers after the grace period. */
    private static Outcome awaitEnd(final JobCoordinator coordinator, final CompletableFuture<Outcome> outcome,
                                    final ScheduledExecutorService timers, final long graceMs) throws Exception {
        boolean graceScheduled = false;
        while (true) {
            try {
                return outcome.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (!graceScheduled && coordinator.state() == JobCoordinator.JobState.STOPPING) {
                    graceScheduled = true;
                    timers.schedule(coordinator::stopRemaining, graceMs, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private static void finish(final YarnClusterManager cluster, final String jobName, final Outcome end,
                               final long graceMs) throws Exception {
        switch (end.state()) {
            // The RM shows diagnostics to anyone who can list applications: no secrets in them.
            case SUCCEEDED -> cluster.unregister(FinalApplicationStatus.SUCCEEDED, SecretMasking.maskText(end.diagnostics()));
            case FAILED -> cluster.unregister(FinalApplicationStatus.FAILED, SecretMasking.maskText(end.diagnostics()));
            default -> {
                // kill-job.sh kills the application once every container has exited, so YARN shows KILLED;
                // if it does not come, end on our own.
                LOG.info("Job {}: every container stopped; waiting up to {} ms for the client to kill the application.",
                        jobName, graceMs);
                Thread.sleep(graceMs);
                cluster.unregister(FinalApplicationStatus.KILLED, SecretMasking.maskText(end.diagnostics()));
            }
        }
        LOG.info("Job {} ended: {} ({}).", jobName, end.state(), SecretMasking.maskText(end.diagnostics()));
    }

    /** The application ended for good: its staged package, config and journal are no longer needed. */
    private static void deleteAppDir(final YarnConfiguration conf, final String appDir) {
        final org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(appDir);
        try {
            dir.getFileSystem(conf).delete(dir, true);
        } catch (IOException e) {
            LOG.warn("Cannot delete the application directory {}: {}. Delete it by hand.", appDir, e.toString());
        }
    }

    private static List<JobCoordinator.Adopted> adopted(final List<Container> previous, final Map<String, String> journal) {
        final List<JobCoordinator.Adopted> result = new ArrayList<>();
        for (Container c : previous) {
            final String id = c.getId().toString();
            result.add(new JobCoordinator.Adopted(id, c.getNodeId().getHost(), journal.get(id)));
        }
        return result;
    }

    static JobConfig loadConfig(final Path file) throws IOException {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        final Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return JobConfig.of(values);
    }

    private static String requireEnv(final String name) {
        final String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The environment variable " + name + " is not set; the Riffle application "
                    + "master must be started by run-job.sh through YARN.");
        }
        return value;
    }
}
