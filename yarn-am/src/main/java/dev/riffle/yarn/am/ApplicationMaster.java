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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.model.JobModel;
import dev.riffle.yarn.am.web.StatusPage;

/**
 * The Riffle application master's main: wires the HTTP endpoint, the YARN adapter, the journal, the
 * partition watcher, the {@link JobCoordinator} and its {@link AmLifecycle}, which waits for the job
 * to end and unregisters with the matching final status. Decisions live in the coordinator.
 */
public final class ApplicationMaster {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMaster.class);

    /** How often the coordinator checks heartbeats and dependency backoffs. */
    private static final long TICK_MS = 1_000;
    /**
     * Silence allowed before a process's first heartbeat on top of the heartbeat timeout: the NodeManager
     * localises the package, the JVM starts, and a relaunched container may wait for Kafka before it reports.
     */
    static final long STARTUP_ALLOWANCE_MS = 120_000;
    /** Delay of the second relaunch in a row for an unavailable dependency; doubled for each further one. */
    static final long DEPENDENCY_BACKOFF_MS = 2_000;
    /** The longest delay between relaunches for an unavailable dependency. */
    static final long DEPENDENCY_BACKOFF_CAP_MS = 60_000;

    private ApplicationMaster() {
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
        final String host = requireEnv(Environment.NM_HOST.name());
        LOG.info("Riffle application master of job {} (application {}, attempt {}) starting on {}.", jobName, appId,
                attempt, host);

        final ScheduledExecutorService timers = daemonTimer("riffle-am-timer");
        // Its own thread: a partition check that waits for Kafka must not look like a pause of the AM.
        final ScheduledExecutorService ticks = daemonTimer("riffle-am-containers");
        final AmHttpServer http = new AmHttpServer(0);
        final String amUrl = "http://" + host + ":" + http.port();
        final ContainerContexts contexts = new ContainerContexts(conf, config, packageUri, configUri, amUrl, appId);
        final YarnClusterManager cluster = new YarnClusterManager(conf, config.get(RiffleConfig.YARN_CONTAINER_MEMORY_MB),
                config.get(RiffleConfig.YARN_CONTAINER_VCORES), contexts);
        final long graceMs = config.get(RiffleConfig.YARN_AM_SHUTDOWN_GRACE_MS);
        final AmLifecycle lifecycle = new AmLifecycle(cluster, jobName, graceMs,
                (task, delayMs) -> timers.schedule(task, delayMs, TimeUnit.MILLISECONDS), Thread::sleep, journal::write);
        final JobCoordinator coordinator = new JobCoordinator(cluster, new JobCoordinator.Settings(jobName,
                config.get(RiffleConfig.YARN_CONTAINER_RETRY_COUNT),
                config.get(RiffleConfig.YARN_CONTAINER_RETRY_WINDOW_MS),
                config.get(RiffleConfig.YARN_CONTAINER_HEARTBEAT_TIMEOUT_MS), STARTUP_ALLOWANCE_MS,
                DEPENDENCY_BACKOFF_MS, DEPENDENCY_BACKOFF_CAP_MS), lifecycle, System::currentTimeMillis);
        lifecycle.watch(coordinator);
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

        final List<ClusterManager.Running> previous = cluster.register(coordinator, host, http.port(), amUrl + "/");
        LOG.info("Job {}: registered with the ResourceManager; its page is at {}/ (status JSON at {}/api/status).",
                jobName, amUrl, amUrl);
        try (PartitionWatcher partitions = new PartitionWatcher(config)) {
            final JobModel model;
            try {
                model = JobModel.build(config, partitions.partitionCounts());
                contexts.checkFits(model);
            } catch (RuntimeException e) {
                lifecycle.failStart(e.getMessage());
                return;
            }
            coordinator.start(model, adopted(previous, journal.read()));
            ticks.scheduleWithFixedDelay(() -> {
                try {
                    coordinator.tick();
                } catch (RuntimeException e) {
                    // An exception would cancel the schedule: log it and check again at the next tick.
                    LOG.error("Job {}: the periodic container check failed: {}", jobName, e.toString(), e);
                }
            }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            final long checkMs = config.get(RiffleConfig.YARN_AM_PARTITION_CHECK_MS);
            timers.scheduleWithFixedDelay(() -> {
                try {
                    coordinator.partitionsChanged(partitions.partitionCounts());
                } catch (RuntimeException e) {
                    LOG.warn("Job {}: cannot check the inputs for new partitions ({}); trying again in {} ms.",
                            jobName, e.getMessage(), checkMs);
                }
            }, checkMs, checkMs, TimeUnit.MILLISECONDS);
            lifecycle.end(lifecycle.awaitEnd());
            deleteAppDir(conf, requireEnv(AmContract.ENV_APP_DIR));
        } finally {
            ticks.shutdownNow();
            timers.shutdownNow();
            http.close();
            cluster.close();
        }
    }

    private static ScheduledExecutorService daemonTimer(final String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
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

    private static List<JobCoordinator.Adopted> adopted(final List<ClusterManager.Running> previous,
                                                        final Map<String, String> journal) {
        final List<JobCoordinator.Adopted> result = new ArrayList<>();
        for (ClusterManager.Running c : previous) {
            result.add(new JobCoordinator.Adopted(c.containerId(), c.host(), journal.get(c.containerId())));
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
