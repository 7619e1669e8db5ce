package dev.riffle.yarn.am;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.config.SecretMasking;
import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.HeartbeatReply;

/**
 * Every decision of the application master: which logical containers the job needs, which cluster
 * container runs which logical id, when to relaunch, when to give up, what to adopt from a previous
 * attempt, how to grow when partitions are added, and how the job ends. It owns no threads and does
 * no I/O other than through {@link ClusterManager}, so it is tested with a fake cluster.
 */
public final class JobCoordinator implements ClusterManager.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(JobCoordinator.class);

    /** The job as a whole. */
    public enum JobState {
        STARTING, RUNNING, STOPPING,
        /** Stopped on request; every container has ended. */
        STOPPED,
        /** Every container ended on its own with exit status 0. */
        SUCCEEDED,
        FAILED
    }

    /** The settings the decisions depend on. */
    public record Settings(String jobName, int retryCount, long retryWindowMs) {
    }

    /** A container still running from a previous attempt; {@code logicalId} is null when unknown. */
    public record Adopted(String containerId, String host, String logicalId) {
    }

    /** Hears about the outcomes the application master must act on. */
    public interface Observer {

        /** Cluster container id to logical id, after every change (to survive an AM restart). */
        void onAssignmentsChanged(Map<String, String> assignments);

        /** The job reached {@link JobState#STOPPED}, {@link JobState#SUCCEEDED} or {@link JobState#FAILED}. */
        void onJobFinished(JobState state, String diagnostics);
    }

    private final ClusterManager cluster;
    private final Settings settings;
    private final Observer observer;
    private final LongSupplier clock;
    private final Map<String, LogicalContainer> containers = new LinkedHashMap<>();
    private JobModel model;
    /** Completions YARN reported before {@link #start} knew the containers; replayed by it. */
    private final List<ClusterManager.Completion> earlyCompletions = new ArrayList<>();
    private JobState state = JobState.STARTING;
    private String diagnostics = "";

    public JobCoordinator(final ClusterManager cluster, final Settings settings, final Observer observer,
                          final LongSupplier clock) {
        this.cluster = Objects.requireNonNull(cluster);
        this.settings = Objects.requireNonNull(settings);
        this.observer = Objects.requireNonNull(observer);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Takes the job model, adopts what a previous attempt left running and requests a container for
     * every other logical container.
     */
    public synchronized void start(final JobModel jobModel, final List<Adopted> previousAttempt) {
        model = jobModel;
        for (String id : model.containers().keySet()) {
            containers.put(id, new LogicalContainer(id, model.container(id),
                    new RestartBudget(settings.retryCount(), settings.retryWindowMs())));
        }
        state = JobState.RUNNING;
        for (Adopted adopted : previousAttempt) {
            final LogicalContainer lc = adopted.logicalId() == null ? null : containers.get(adopted.logicalId());
            if (lc == null || lc.hasProcess()) {
                LOG.info("Job {}: stopping container {} on {} left by the previous attempt; it runs no logical "
                        + "container of this attempt's layout.", settings.jobName(), adopted.containerId(), adopted.host());
                cluster.stop(adopted.containerId());
                continue;
            }
            lc.state = LogicalContainer.State.RUNNING;
            lc.clusterContainerId = adopted.containerId();
            lc.host = adopted.host();
            LOG.info("Job {}: adopted container {} on {} from the previous attempt as logical container {} "
                    + "(partitions {}).", settings.jobName(), adopted.containerId(), adopted.host(), lc.id, lc.partitions());
        }
        for (LogicalContainer lc : containers.values()) {
            if (lc.state == LogicalContainer.State.WAITING) {
                cluster.requestContainer();
            }
        }
        // A container of the previous attempt that ended while this attempt registered is not adopted: it is
        // waiting for a relaunch like any other that ended.
        final List<ClusterManager.Completion> early = new ArrayList<>(earlyCompletions);
        earlyCompletions.clear();
        for (ClusterManager.Completion completion : early) {
            byClusterId(completion.containerId()).ifPresent(lc -> {
                LOG.info("Job {}: adopted container {} of logical container {} had already ended (exit status {}).",
                        settings.jobName(), completion.containerId(), lc.id, completion.exitStatus());
                onCompleted(completion);
            });
        }
        LOG.info("Job {}: {} tasks over {} logical containers: {}.", settings.jobName(), model.taskCount(),
                containers.size(), model.describe());
        assignmentsChanged();
    }

    @Override
    public synchronized void onAllocated(final ClusterManager.Allocation allocation) {
        final Optional<LogicalContainer> waiting = containers.values().stream()
                .filter(c -> c.state == LogicalContainer.State.WAITING).findFirst();
        if (waiting.isEmpty() || state != JobState.RUNNING) {
            LOG.info("Job {}: releasing container {} on {}; no logical container is waiting for one.",
                    settings.jobName(), allocation.containerId(), allocation.host());
            cluster.releaseContainer(allocation.containerId());
            return;
        }
        final LogicalContainer lc = waiting.get();
        lc.state = LogicalContainer.State.LAUNCHING;
        lc.clusterContainerId = allocation.containerId();
        lc.host = allocation.host();
        LOG.info("Job {}: launching logical container {} (partitions {}) in container {} on {}.",
                settings.jobName(), lc.id, lc.partitions(), allocation.containerId(), allocation.host());
        assignmentsChanged();
        cluster.launch(allocation.containerId(), new ClusterManager.LaunchSpec(lc.id, lc.model));
    }

    @Override
    public synchronized void onLaunched(final String containerId) {
        byClusterId(containerId).filter(lc -> lc.state == LogicalContainer.State.LAUNCHING)
                .ifPresent(lc -> lc.state = LogicalContainer.State.RUNNING);
    }

    @Override
    public synchronized void onLaunchFailed(final String containerId, final Throwable cause) {
        // The process never started, so the cluster reports no completion for it: release it here.
        cluster.releaseContainer(containerId);
        onCompleted(new ClusterManager.Completion(containerId, -1, false, "launch failed: " + cause));
    }

    @Override
    public synchronized void onCompleted(final ClusterManager.Completion completion) {
        if (model == null) {
            earlyCompletions.add(completion);
            return;
        }
        final Optional<LogicalContainer> found = byClusterId(completion.containerId());
        if (found.isEmpty()) {
            LOG.debug("Job {}: container {} ended (exit status {}); it runs no logical container now.",
                    settings.jobName(), completion.containerId(), completion.exitStatus());
            return;
        }
        final LogicalContainer lc = found.get();
        lc.lastExitStatus = completion.exitStatus();
        lc.lastDiagnostics = completion.diagnostics();
        if (state == JobState.STOPPING || isFinal()) {
            LOG.info("Job {}: logical container {} (container {}) ended with exit status {} while the job stops.",
                    settings.jobName(), lc.id, completion.containerId(), completion.exitStatus());
            lc.state = LogicalContainer.State.FINISHED;
            checkStopped();
            return;
        }
        if (lc.relaunchWhenStopped) {
            LOG.info("Job {}: logical container {} stopped to take its new partitions {}; relaunching.",
                    settings.jobName(), lc.id, lc.partitions());
            relaunch(lc);
            return;
        }
        if (completion.lost()) {
            LOG.warn("Job {}: logical container {} lost container {} on {} (exit status {}: {}); relaunching "
                            + "without counting it against the restart budget.", settings.jobName(), lc.id,
                    completion.containerId(), lc.host, completion.exitStatus(), completion.diagnostics());
            relaunch(lc);
            return;
        }
        if (completion.exitStatus() == 0) {
            LOG.info("Job {}: logical container {} (container {}) finished on its own.", settings.jobName(), lc.id,
                    completion.containerId());
            lc.state = LogicalContainer.State.FINISHED;
            if (containers.values().stream().allMatch(c -> c.state == LogicalContainer.State.FINISHED)) {
                finish(JobState.SUCCEEDED, "Every container of job " + settings.jobName() + " finished.");
            }
            return;
        }
        if (completion.exitStatus() == ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE) {
            lc.lastDiagnostics = "waiting for a dependency: the container stopped because Kafka or a store did not"
                    + " answer (exit status " + completion.exitStatus() + "); relaunched without spending the restart"
                    + " budget, it waits for the dependency before it starts its tasks";
            LOG.warn("Job {}: logical container {} (container {} on {}) stopped because a dependency (Kafka or a store)"
                            + " is unavailable; relaunching without counting it against the restart budget. The new"
                            + " container waits for the dependency before it starts its tasks.", settings.jobName(),
                    lc.id, completion.containerId(), lc.host);
            relaunch(lc);
            return;
        }
        if (lc.budget.tryRestart(clock.getAsLong())) {
            LOG.warn("Job {}: logical container {} (container {} on {}) failed with exit status {}; relaunching "
                            + "(restart {} of {} allowed within {} ms).", settings.jobName(), lc.id,
                    completion.containerId(), lc.host, completion.exitStatus(), lc.budget.recent(),
                    settings.retryCount(), settings.retryWindowMs());
            relaunch(lc);
            return;
        }
        lc.state = LogicalContainer.State.FINISHED;
        fail("Logical container " + lc.id + " (partitions " + lc.partitions() + ") of job " + settings.jobName()
                + " failed more than yarn.container.retry.count=" + settings.retryCount() + " times within "
                + "yarn.container.retry.window.ms=" + settings.retryWindowMs() + "; its last exit status was "
                + completion.exitStatus() + " in container " + completion.containerId() + " on " + lc.host
                + (completion.diagnostics() == null || completion.diagnostics().isBlank() ? ""
                : " (" + completion.diagnostics().strip() + ")")
                + ". Fix the cause in the container's log, or raise the retry budget.");
    }

    @Override
    public synchronized void onClusterError(final Throwable cause) {
        fail("The application master lost its connection to the cluster: " + cause);
    }

    /**
     * The input topics now have these partition counts; containers whose tasks gained partitions
     * are stopped and relaunched with their new task lists (expected stops, not counted as failures).
     */
    public synchronized void partitionsChanged(final Map<String, Integer> partitionCounts) {
        if (state != JobState.RUNNING || partitionCounts.equals(model.partitionCounts())) {
            return;
        }
        final JobModel grown = model.withPartitionCounts(partitionCounts);
        final java.util.Set<String> changed = grown.changedContainers(model);
        LOG.info("Job {}: the inputs grew from {} to {} partitions; relaunching logical containers {}; new model {}.",
                settings.jobName(), model.partitionCounts(), partitionCounts, changed, grown.describe());
        model = grown;
        for (String id : changed) {
            final LogicalContainer lc = containers.get(id);
            lc.model = grown.container(id);
            if (lc.hasProcess()) {
                lc.relaunchWhenStopped = true;
                lc.state = LogicalContainer.State.STOPPING;
                cluster.stop(lc.clusterContainerId);
            }
        }
    }

    /**
     * A container reports in. It is recognised when the logical id is known and the cluster container
     * id is the one currently running it; anything else is a zombie and must stop.
     */
    public synchronized HeartbeatReply heartbeat(final String logicalId, final String clusterContainerId,
                                                 final ContainerReport report) {
        if (model == null) {
            // Attempt 2 and later: the containers of the previous attempt report in before this attempt has
            // adopted them. Telling them they are unknown would stop them without a commit.
            throw new NotReadyException("The application master of job " + settings.jobName()
                    + " is starting and has not adopted its containers yet; report again.");
        }
        final LogicalContainer lc = containers.get(logicalId);
        if (lc == null || !lc.hasProcess() || !Objects.equals(lc.clusterContainerId, clusterContainerId)) {
            return HeartbeatReply.of(false, true, "Logical container " + logicalId + " is run by "
                    + (lc == null || lc.clusterContainerId == null ? "no container" : "container " + lc.clusterContainerId)
                    + ", not " + clusterContainerId + "; this process must stop.");
        }
        if (lc.state == LogicalContainer.State.LAUNCHING) {
            lc.state = LogicalContainer.State.RUNNING;
        }
        lc.lastReport = report;
        lc.lastReportMs = clock.getAsLong();
        final boolean stop = state == JobState.STOPPING || lc.state == LogicalContainer.State.STOPPING;
        return HeartbeatReply.of(true, stop, stop ? "The job is stopping; commit and exit." : "");
    }

    /**
     * Starts a graceful stop: containers learn it from their next heartbeat, commit and exit. Call
     * {@link #stopRemaining()} when they take too long.
     */
    public synchronized void requestShutdown() {
        if (state != JobState.RUNNING && state != JobState.STARTING) {
            return;
        }
        LOG.info("Job {}: stopping on request; containers will commit and exit.", settings.jobName());
        state = JobState.STOPPING;
        for (LogicalContainer lc : containers.values()) {
            if (lc.state == LogicalContainer.State.WAITING) {
                cluster.cancelRequest();
                lc.state = LogicalContainer.State.FINISHED;
            } else if (lc.hasProcess() && lc.lastReportMs == 0) {
                // It never heartbeated, so it cannot hear the request: stop it through the cluster (SIGTERM).
                cluster.stop(lc.clusterContainerId);
            }
        }
        checkStopped();
    }

    /** Stops, through the cluster, every container still running during a stop. */
    public synchronized void stopRemaining() {
        for (LogicalContainer lc : containers.values()) {
            if (lc.hasProcess()) {
                LOG.info("Job {}: logical container {} did not exit in time; stopping container {}.",
                        settings.jobName(), lc.id, lc.clusterContainerId);
                cluster.stop(lc.clusterContainerId);
            }
        }
    }

    public synchronized JobState state() {
        return state;
    }

    public synchronized String diagnostics() {
        return diagnostics;
    }

    /** A consistent copy of the coordinator's view, for the status page. */
    public synchronized JobSnapshot snapshot() {
        final List<JobSnapshot.Container> list = new ArrayList<>();
        for (LogicalContainer lc : containers.values()) {
            list.add(new JobSnapshot.Container(lc.id, lc.partitions(), lc.state.name(), lc.clusterContainerId,
                    lc.host, lc.relaunches, lc.lastExitStatus, lc.lastDiagnostics, lc.lastReport, lc.lastReportMs));
        }
        return new JobSnapshot(settings.jobName(), state.name(), diagnostics,
                model == null ? 0 : model.taskCount(), list);
    }

    private void relaunch(final LogicalContainer lc) {
        lc.relaunches++;
        lc.waitForContainer();
        assignmentsChanged();
        cluster.requestContainer();
    }

    private void fail(final String why) {
        if (isFinal()) {
            return;
        }
        // The reason may quote a container's last error, which can hold a connection URI with a password.
        LOG.error("Job {} fails: {}", settings.jobName(), SecretMasking.maskText(why));
        for (LogicalContainer lc : containers.values()) {
            if (lc.hasProcess()) {
                cluster.stop(lc.clusterContainerId);
            } else if (lc.state == LogicalContainer.State.WAITING) {
                cluster.cancelRequest();
            }
        }
        finish(JobState.FAILED, why);
    }

    private void checkStopped() {
        if (state == JobState.STOPPING && containers.values().stream().noneMatch(LogicalContainer::hasProcess)) {
            finish(JobState.STOPPED, "Job " + settings.jobName() + " was stopped on request; every container "
                    + "committed and exited.");
        }
    }

    private void finish(final JobState end, final String why) {
        state = end;
        diagnostics = why;
        observer.onJobFinished(end, why);
    }

    private boolean isFinal() {
        return state == JobState.STOPPED || state == JobState.SUCCEEDED || state == JobState.FAILED;
    }

    private Optional<LogicalContainer> byClusterId(final String clusterContainerId) {
        return containers.values().stream().filter(c -> clusterContainerId.equals(c.clusterContainerId)).findFirst();
    }

    private void assignmentsChanged() {
        final Map<String, String> assignments = new LinkedHashMap<>();
        for (LogicalContainer lc : containers.values()) {
            if (lc.clusterContainerId != null) {
                assignments.put(lc.clusterContainerId, lc.id);
            }
        }
        observer.onAssignmentsChanged(assignments);
    }
}
