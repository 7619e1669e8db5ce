package dev.riffle.runner.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.config.SecretMasking;
import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.container.Containers;
import dev.riffle.runner.container.ShutdownHook;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.model.TopicMetadata;

/**
 * Runs a whole job in this JVM ({@code job.factory=local}): builds the job model from the input
 * topics' partition counts, and runs every container of it on a thread of its own, each with its own
 * Kafka consumer and producer, exactly as it would run in a YARN container. When one container stops
 * (a task's {@code shutdown()}, a failure) the others are stopped too; every clean stop commits.
 */
public final class LocalJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final JobConfig config;
    private final List<ContainerLoop> loops = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile JobModel model;

    public LocalJobRunner(final JobConfig config) {
        this.config = config;
    }

    /**
     * Runs the job in the foreground until Ctrl-C (or SIGTERM), which commits every task and exits 0;
     * the entry point of {@code scripts/run-job.sh} for {@code job.factory=local}.
     *
     * @return the exit status: 0 clean stop, 1 failure, 2 configuration error
     */
    public static int runForeground(final JobConfig config) {
        final LocalJobRunner runner = new LocalJobRunner(config);
        final AtomicInteger status = new AtomicInteger(ContainerMain.EXIT_FAILURE);
        final CountDownLatch finished = new CountDownLatch(1);
        ShutdownHook.install("local job " + config.get(RiffleConfig.JOB_NAME), runner::stop, finished, status::get);
        status.set(runner.run());
        finished.countDown();
        return status.get();
    }

    /**
     * Runs every container of the job until they stop; blocks.
     *
     * @return 0 when every container stopped cleanly, 2 on a configuration error, 1 otherwise
     */
    public int run() {
        final List<ContainerModel> containers;
        try {
            model = buildModel();
            containers = new ArrayList<>(model.containers().values());
            LOG.info("Running job {}-{} locally: {}", model.jobName(), model.jobId(), model.describe());
            for (ContainerModel container : containers) {
                loops.add(Containers.kafkaLoop(config, container));
            }
        } catch (ConfigException e) {
            LOG.error("The local job cannot start: {}", SecretMasking.maskText(e.getMessage()));
            closeUnstarted();
            return ContainerMain.EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.error("The local job cannot start: {}", e.getMessage(), e);
            closeUnstarted();
            return ContainerMain.EXIT_FAILURE;
        } finally {
            started.countDown();
        }
        final AtomicInteger worst = new AtomicInteger(ContainerMain.EXIT_OK);
        final List<Thread> threads = new ArrayList<>();
        for (ContainerLoop loop : loops) {
            final Thread thread = new Thread(() -> {
                final int status = ContainerMain.runLoop(loop);
                worst.accumulateAndGet(status, Math::max);
                // One container ending (shutdown() or failure) ends the job.
                stop();
            }, "riffle-container-" + loop.containerId());
            threads.add(thread);
            thread.start();
        }
        if (stopRequested) {
            stop();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }
        LOG.info("Local job {} stopped with status {}.", config.get(RiffleConfig.JOB_NAME), worst.get());
        return worst.get();
    }

    private JobModel buildModel() {
        try (Admin admin = Admin.create(TopicMetadata.adminProperties(config))) {
            final Map<String, Integer> counts = new TopicMetadata(admin, METADATA_TIMEOUT)
                    .partitionCounts(config.get(RiffleConfig.TASK_INPUTS));
            return JobModel.build(config, counts);
        }
    }

    private void closeUnstarted() {
        for (ContainerLoop loop : loops) {
            loop.close(false);
        }
        loops.clear();
    }

    /** Asks every container to commit and stop; {@link #run} then returns. Safe from any thread. */
    public void stop() {
        stopRequested = true;
        for (ContainerLoop loop : loops) {
            loop.requestStop();
        }
    }

    /** Waits until the containers are built (or building them failed). */
    public boolean awaitStarted(final Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The job model, once {@link #run} has built it. */
    public JobModel model() {
        return model;
    }

    /** The containers' run loops (for their metrics). */
    public List<ContainerLoop> containers() {
        return List.copyOf(loops);
    }
}
