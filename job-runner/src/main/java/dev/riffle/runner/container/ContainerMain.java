package dev.riffle.runner.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.ConfigLoader;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.SecretMasking;
import dev.riffle.runner.container.am.AmHeartbeat;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.retry.DependencyWait;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.metrics.JmxPublisher;
import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.ContainerModelDocument;

/**
 * Main class of a container process ({@link ContainerLaunch#MAIN_CLASS}). Reads the environment
 * variables of {@link ContainerLaunch}, builds the tasks, and runs them until stopped; with
 * {@link ContainerLaunch#ENV_AM_URL} set it also reports to the application master ({@link AmHeartbeat}).
 * Exit status: 0 after a clean stop (SIGTERM, the AM's shutdown, or a task's {@code shutdown()}), 1 on a
 * failure or when the AM no longer recognises the container, 2 on a configuration error, 75 when it stops
 * because a dependency (a Kafka broker, a store) is unavailable.
 */
public final class ContainerMain {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerMain.class);

    /** {@link ContainerLaunch#EXIT_OK}. */
    public static final int EXIT_OK = ContainerLaunch.EXIT_OK;
    /** {@link ContainerLaunch#EXIT_FAILURE}. */
    public static final int EXIT_FAILURE = ContainerLaunch.EXIT_FAILURE;
    /** {@link ContainerLaunch#EXIT_CONFIG}. */
    public static final int EXIT_CONFIG = ContainerLaunch.EXIT_CONFIG;
    /** {@link ContainerLaunch#EXIT_DEPENDENCY_UNAVAILABLE}. */
    public static final int EXIT_DEPENDENCY_UNAVAILABLE = ContainerLaunch.EXIT_DEPENDENCY_UNAVAILABLE;

    private ContainerMain() {
    }

    public static void main(final String[] args) {
        System.exit(run(System.getenv()));
    }

    /** Runs a container from a launch environment; returns the exit status. Installs a shutdown hook. */
    static int run(final Map<String, String> env) {
        final JobConfig config;
        final ContainerModel model;
        try {
            final Path configPath = Path.of(required(env, ContainerLaunch.ENV_CONFIG_PATH));
            if (!Files.isReadable(configPath)) {
                throw new ConfigException(ContainerLaunch.ENV_CONFIG_PATH, "file " + configPath
                        + " does not exist or is not readable; the launcher must localise the job's config");
            }
            config = new ConfigLoader().load(configPath);
            model = containerModel(required(env, ContainerLaunch.ENV_CONTAINER_MODEL), config,
                    required(env, ContainerLaunch.ENV_CONTAINER_ID));
        } catch (ConfigException e) {
            LOG.error("The container cannot start: {}", SecretMasking.maskText(e.getMessage()));
            return EXIT_CONFIG;
        }
        final AtomicInteger status = new AtomicInteger(EXIT_FAILURE);
        final CountDownLatch finished = new CountDownLatch(1);
        final ContainerLoop loop;
        try {
            loop = Containers.kafkaLoop(config, model);
        } catch (ConfigException e) {
            LOG.error("Container {} cannot start: {}", model.id(), SecretMasking.maskText(e.getMessage()));
            return EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.error("Container {} cannot start: {}", model.id(), DeadLetters.describe(e), e);
            return exitStatusOf(e);
        }
        ShutdownHook.install("container " + model.id() + " of job " + loop.stats().job(), loop::requestStop,
                finished, status::get);
        final AmHeartbeat heartbeat = AmHeartbeat.startFromEnvironment(env, loop);
        try {
            status.set(runLoop(loop));
        } finally {
            if (heartbeat != null) {
                heartbeat.close();
            }
        }
        finished.countDown();
        return status.get();
    }

    /** Runs a built loop with its metrics published over JMX; returns the exit status. */
    public static int runLoop(final ContainerLoop loop) {
        try (JmxPublisher jmx = JmxPublisher.publish(loop.stats())) {
            loop.run();
            return EXIT_OK;
        } catch (ConfigException e) {
            LOG.error("Container {} stopped: {}", loop.containerId(), e.getMessage());
            return EXIT_CONFIG;
        } catch (RuntimeException e) {
            if (loop.abortReason() != null) {
                // Expected, and already explained: no stack trace.
                LOG.error("Container {} of job {} exits with status {} without committing: {}.", loop.containerId(),
                        loop.stats().job(), EXIT_FAILURE, loop.abortReason());
                return EXIT_FAILURE;
            }
            if (exitStatusOf(e) == EXIT_DEPENDENCY_UNAVAILABLE) {
                LOG.error("Container {} of job {} stops without committing because a dependency is unavailable: {}."
                        + " It exits with status {}; the AM relaunches it without counting it against the restart"
                        + " budget, and it resumes from its last commit.", loop.containerId(), loop.stats().job(),
                        DeadLetters.describe(e), EXIT_DEPENDENCY_UNAVAILABLE, e);
                return EXIT_DEPENDENCY_UNAVAILABLE;
            }
            LOG.error("Container {} of job {} failed and stops without committing: {}", loop.containerId(),
                    loop.stats().job(), DeadLetters.describe(e), e);
            return EXIT_FAILURE;
        }
    }

    /** {@link #EXIT_DEPENDENCY_UNAVAILABLE} for a failure caused by an unavailable dependency, else {@link #EXIT_FAILURE}. */
    public static int exitStatusOf(final Throwable failure) {
        return DependencyWait.isUnavailable(failure) ? EXIT_DEPENDENCY_UNAVAILABLE : EXIT_FAILURE;
    }

    private static String required(final Map<String, String> env, final String name) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException(name, "environment variable is not set; the launcher (the Riffle AM) sets it,"
                    + " see " + ContainerLaunch.class.getName());
        }
        return value.trim();
    }

    /**
     * The container's model from {@link ContainerLaunch#ENV_CONTAINER_MODEL}, checked against the job and
     * the logical id it was launched as.
     *
     * @throws ConfigException naming the variable when the document is unreadable or meant for another container
     */
    static ContainerModel containerModel(final String encoded, final JobConfig config, final String containerId) {
        final String variable = ContainerLaunch.ENV_CONTAINER_MODEL;
        try {
            final ContainerModelDocument document = ContainerModelDocument.decode(encoded);
            final String job = JobIdentity.of(config).instance();
            if (!job.equals(document.job()) || !containerId.equals(document.container())) {
                throw new ConfigException(variable, "holds the model of container " + document.container() + " of job "
                        + document.job() + ", but this is container " + containerId + " of job " + job
                        + "; the launcher mixed up two containers' environments");
            }
            return document.toModel();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, "is not a container model this build can run: " + e.getMessage());
        }
    }
}
