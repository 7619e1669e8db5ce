package dev.riffle.yarn.am;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.config.SecretMasking;

/**
 * The application master's life once it is registered: it waits for the job to end, gives containers
 * {@code yarn.am.shutdown.grace.ms} to commit and exit on a stop before stopping them through the
 * cluster, and unregisters with the final status that matches the end. As the coordinator's
 * {@link JobCoordinator.Observer} it also passes assignment changes on (to the journal).
 */
final class AmLifecycle implements JobCoordinator.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(AmLifecycle.class);

    /** Runs a task once after a delay (the AM's timer thread). */
    interface Scheduler {
        void schedule(Runnable task, long delayMs);
    }

    /** Waits; {@link Thread#sleep(long)} in the application master. */
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /** The job's end as the coordinator reported it. */
    record Outcome(JobCoordinator.JobState state, String diagnostics) {
    }

    private final ClusterManager cluster;
    private final String jobName;
    private final long graceMs;
    private final Scheduler scheduler;
    private final Sleeper sleeper;
    private final Consumer<Map<String, String>> assignments;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile JobCoordinator coordinator;

    AmLifecycle(final ClusterManager cluster, final String jobName, final long graceMs, final Scheduler scheduler,
                final Sleeper sleeper, final Consumer<Map<String, String>> assignments) {
        this.cluster = Objects.requireNonNull(cluster);
        this.jobName = Objects.requireNonNull(jobName);
        this.graceMs = graceMs;
        this.scheduler = Objects.requireNonNull(scheduler);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.assignments = Objects.requireNonNull(assignments);
    }

    /** The coordinator whose stragglers this lifecycle stops; set before the coordinator starts. */
    void watch(final JobCoordinator jobCoordinator) {
        this.coordinator = Objects.requireNonNull(jobCoordinator);
    }

    @Override
    public void onAssignmentsChanged(final Map<String, String> map) {
        assignments.accept(map);
    }

    @Override
    public void onJobStopping() {
        final JobCoordinator c = coordinator;
        if (c != null) {
            scheduler.schedule(c::stopRemaining, graceMs);
        }
    }

    @Override
    public void onJobFinished(final JobCoordinator.JobState state, final String diagnostics) {
        outcome.complete(new Outcome(state, diagnostics));
    }

    /** Blocks until the coordinator reports the end of the job. */
    Outcome awaitEnd() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the outcome of job " + jobName + " is never completed exceptionally", e);
        }
    }

    /**
     * Unregisters with the status of {@code end}. After a stop on request it first waits the grace period
     * for the client ({@code kill-job.sh}), which kills the application once every container has exited, so
     * that YARN shows KILLED; if no kill comes, it ends KILLED on its own.
     */
    void end(final Outcome end) throws IOException, InterruptedException {
        // The cluster shows diagnostics to anyone who can list applications: no secrets in them.
        final String diagnostics = SecretMasking.maskText(end.diagnostics());
        switch (end.state()) {
            case SUCCEEDED -> cluster.unregister(ClusterManager.FinalStatus.SUCCEEDED, diagnostics);
            case FAILED -> cluster.unregister(ClusterManager.FinalStatus.FAILED, diagnostics);
            default -> {
                LOG.info("Job {}: every container stopped; waiting up to {} ms for the client to kill the application.",
                        jobName, graceMs);
                sleeper.sleep(graceMs);
                cluster.unregister(ClusterManager.FinalStatus.KILLED, diagnostics);
            }
        }
        LOG.info("Job {} ended: {} ({}).", jobName, end.state(), diagnostics);
    }

    /** The job cannot start (its model cannot be built): ends the application FAILED with the reason. */
    void failStart(final String reason) throws IOException {
        final String masked = SecretMasking.maskText(reason);
        LOG.error("Job {} cannot start: {}", jobName, masked);
        cluster.unregister(ClusterManager.FinalStatus.FAILED, masked);
    }
}
