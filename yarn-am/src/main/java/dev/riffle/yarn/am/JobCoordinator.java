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
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.HeartbeatReply;

/**
 * Every decision of the application master: which logical containers the job needs, which cluster
 * container runs which logical id, when to relaunch, when to give up, what to adopt from a previous
 * attempt, how to grow when partitions are added, and how the job ends. It owns no threads and does
 * no I/O other than through {@link ClusterManager}, so it is tested with a fake cluster.
 *
 * <p>Which ends spend the budget and how relaunches back off is {@link RestartPolicy}'s; when a silent
 * container counts as frozen is {@link HeartbeatTimeouts}'. What stays here (about 450 lines, most of
 * them log lines that name the job, container and host) is one state machine: the logical containers'
 * states and the job's, changed under one lock.
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

    /**
     * The settings the decisions depend on.
     *
     * @param heartbeatTimeoutMs silence after which a running container is replaced
     * @param startupAllowanceMs extra silence allowed before a process's first heartbeat
     * @param dependencyBackoffMs delay of the second relaunch in a row for an unavailable dependency
     *                            (the first is immediate); it doubles with each further one
     * @param dependencyBackoffCapMs the longest such delay
     */
    public record Settings(String jobName, int retryCount, long retryWindowMs, long heartbeatTimeoutMs,
                           long startupAllowanceMs, long dependencyBackoffMs, long dependencyBackoffCapMs) {
    }

    /** A container still running from a previous attempt; {@code logicalId} is null when unknown. */
    public record Adopted(String containerId, String host, String logicalId) {
    }

    /** Hears about the outcomes the application master must act on. */
    public interface Observer {

        /** Cluster container id to logical id, after every change (to survive an AM restart). */
        void onAssignmentsChanged(Map<String, String> assignments);

        /** A stop was requested: containers now commit and exit; {@link #stopRemaining()} ends stragglers. */
        default void onJobStopping() {
        }

        /** The job reached {@link JobState#STOPPED}, {@link JobState#SUCCEEDED} or {@link JobState#FAILED}. */
        void onJobFinished(JobState state, String diagnostics);
    }

    private final ClusterManager cluster;
    private final Settings settings;
    private final Observer observer;
    private final LongSupplier clock;
    private final HeartbeatTimeouts timeouts;
    private final RestartPolicy restarts;
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
        this.timeouts = new HeartbeatTimeouts(settings.heartbeatTimeoutMs(), settings.startupAllowanceMs());
        this.restarts = new RestartPolicy(settings);
    }

    /**
     * Takes the job model, adopts what a previous attempt left running and requests a container for
     * every other logical container.
     */
    public synchronized void start(final JobModel jobModel, final List<Adopted> previousAttempt) {
        if (isFinal()) {
            // The cluster failed while the job model was being built: the end is already reported.
            LOG.info("Job {}: not starting; it already ended {}.", settings.jobName(), state);
            return;
        }
        model = jobModel;
        final long now = clock.getAsLong();
        timeouts.start(now);
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
            lc.startedMs = now;
            LOG.info("Job {}: adopted container {} on {} from the previous attempt as logical container {} "
                    + "(partitions {}).", settings.jobName(), adopted.containerId(), adopted.host(), lc.id, lc.partitions());
        }
        for (LogicalContainer lc : containers.values()) {
            if (lc.state == LogicalContainer.State.WAITING) {
                request(lc);
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
                .filter(c -> c.state == LogicalContainer.State.WAITING && c.requested).findFirst();
        if (waiting.isEmpty() || state != JobState.RUNNING) {
            LOG.info("Job {}: releasing container {} on {}; no logical container is waiting for one.",
                    settings.jobName(), allocation.containerId(), allocation.host());
            cluster.releaseContainer(allocation.containerId());
            return;
        }
        final LogicalContainer lc = waiting.get();
        lc.state = LogicalContainer.State.LAUNCHING;
        lc.requested = false;
        lc.clusterContainerId = allocation.containerId();
        lc.host = allocation.host();
        lc.startedMs = clock.getAsLong();
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
        final RestartPolicy.Decision decision = restarts.ended(lc, completion, clock.getAsLong());
        switch (decision.action()) {
            case RELAUNCH -> relaunch(lc, decision.delayMs());
            case FINISH -> {
                lc.state = LogicalContainer.State.FINISHED;
                if (containers.values().stream().allMatch(c -> c.state == LogicalContainer.State.FINISHED)) {
                    finish(JobState.SUCCEEDED, "Every container of job " + settings.jobName() + " finished.");
                }
            }
            case FAIL -> {
                lc.state = LogicalContainer.State.FINISHED;
                fail(decision.failure());
            }
        }
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
     * The periodic check (the application master runs it every second): replaces running containers
     * that stopped heartbeating, and asks for the containers whose dependency backoff has run out.
     */
    public synchronized void tick() {
        if (state != JobState.RUNNING) {
            return;
        }
        final long now = clock.getAsLong();
        final long paused = timeouts.check(now);
        if (paused > 0) {
            LOG.warn("Job {}: the application master itself did not run for {} ms (a long pause of its JVM or host);"
                    + " every container gets a full yarn.container.heartbeat.timeout.ms={} from now before it is"
                    + " replaced.", settings.jobName(), paused, settings.heartbeatTimeoutMs());
        }
        for (LogicalContainer lc : containers.values()) {
            if (lc.state == LogicalContainer.State.WAITING && !lc.requested && now >= lc.requestAtMs) {
                LOG.info("Job {}: logical container {} has waited out its dependency backoff; asking for a container.",
                        settings.jobName(), lc.id);
                request(lc);
            } else if (lc.hasProcess() && timeouts.expired(lc, now)) {
                replaceSilent(lc, timeouts.silenceMs(lc, now), timeouts.limitMs(lc));
            }
        }
    }

    /** Gives a silent container back to YARN and relaunches its logical container at once. */
    private void replaceSilent(final LogicalContainer lc, final long silentMs, final long limitMs) {
        final String old = lc.clusterContainerId;
        restarts.silent(lc, silentMs, limitMs);
        relaunch(lc, 0);
        cluster.releaseContainer(old);
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
        if (report != null && report.metrics() != null && report.metrics().commits() > 0) {
            restarts.committed(lc);
        }
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
        observer.onJobStopping();
        for (LogicalContainer lc : containers.values()) {
            if (lc.state == LogicalContainer.State.WAITING) {
                cancelRequest(lc);
                lc.state = LogicalContainer.State.FINISHED;
            } else if (lc.hasProcess() && lc.lastReportMs == 0) {
                // It never heartbeated, so it cannot hear the request: stop it through the cluster (SIGTERM).
                cluster.stop(lc.clusterContainerId);
            }
        }
        checkStopped();
    }

    /** Stops, through the cluster, every container still running during a stop; nothing at other times. */
    public synchronized void stopRemaining() {
        if (state != JobState.STOPPING) {
            return;
        }
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

    /** Relaunches in a new cluster container, asking for it now or after {@code delayMs}. */
    private void relaunch(final LogicalContainer lc, final long delayMs) {
        lc.relaunches++;
        lc.waitForContainer();
        assignmentsChanged();
        if (delayMs <= 0) {
            request(lc);
        } else {
            lc.requestAtMs = clock.getAsLong() + delayMs;
        }
    }

    private void request(final LogicalContainer lc) {
        lc.requested = true;
        cluster.requestContainer();
    }

    /** Withdraws the request of a WAITING container, if it made one. */
    private void cancelRequest(final LogicalContainer lc) {
        if (lc.requested) {
            lc.requested = false;
            cluster.cancelRequest();
        }
    }

    private void fail(final String why) {
        if (isFinal()) {
            return;
        }
        // The reason may quote a container's last error, which can hold a connection URI with a password.
        LOG.error("Job {} fails: {}", settings.jobName(), SecretMasking.maskText(why));
        for (LogicalContainer lc : containers.values()) {
            // The cluster connection may be what failed: whatever it throws, the job must still end.
            try {
                if (lc.hasProcess()) {
                    cluster.stop(lc.clusterContainerId);
                } else if (lc.state == LogicalContainer.State.WAITING) {
                    cancelRequest(lc);
                }
            } catch (RuntimeException e) {
                LOG.warn("Job {}: cannot stop logical container {} (container {}) while the job fails: {}. YARN ends"
                        + " it with the application.", settings.jobName(), lc.id, lc.clusterContainerId, e.toString());
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
