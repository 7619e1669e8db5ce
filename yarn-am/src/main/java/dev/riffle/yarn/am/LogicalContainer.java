package dev.riffle.yarn.am;

import java.util.List;

import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.protocol.ContainerReport;

/**
 * The application master's bookkeeping for one logical container ({@code 0..n-1}): which cluster
 * container runs it now, its state, its restart budget and what it last reported. Only
 * {@link JobCoordinator} changes it, under its lock.
 */
final class LogicalContainer {

    /** Where a logical container is in its life. */
    enum State {
        /** Needs a cluster container; a request is outstanding. */
        WAITING,
        /** A cluster container was allocated and the process is being started. */
        LAUNCHING,
        RUNNING,
        /** Asked to stop, to be relaunched with new tasks or because the job stops. */
        STOPPING,
        /** Ended and will not run again. */
        FINISHED
    }

    final String id;
    /** The slice of the job model it runs (or will run, after a relaunch for new partitions). */
    ContainerModel model;
    State state = State.WAITING;
    String clusterContainerId;
    String host;
    boolean relaunchWhenStopped;
    final RestartBudget budget;
    int relaunches;
    Integer lastExitStatus;
    String lastDiagnostics;
    /** The last heartbeat of its current process; null before the first. */
    ContainerReport lastReport;
    /** When its current process last heartbeated; 0 before the first. */
    long lastReportMs;
    /** When its current process was launched (or adopted from a previous attempt). */
    long startedMs;
    /** While WAITING: whether a container request is outstanding for it (false while it backs off). */
    boolean requested;
    /** While WAITING and not {@link #requested}: when to ask for a container. */
    long requestAtMs;
    /** Exits for an unavailable dependency since the last heartbeat that reported a commit. */
    int dependencyExits;

    LogicalContainer(final String id, final ContainerModel model, final RestartBudget budget) {
        this.id = id;
        this.model = model;
        this.budget = budget;
    }

    /** The task numbers (= partitions) it runs. */
    List<Integer> partitions() {
        return model.partitions();
    }

    boolean hasProcess() {
        return state == State.LAUNCHING || state == State.RUNNING || state == State.STOPPING;
    }

    void waitForContainer() {
        state = State.WAITING;
        clusterContainerId = null;
        host = null;
        relaunchWhenStopped = false;
        lastReport = null;
        lastReportMs = 0;
        startedMs = 0;
        requested = false;
        requestAtMs = 0;
    }
}
