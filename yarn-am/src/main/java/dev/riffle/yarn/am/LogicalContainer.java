package dev.riffle.yarn.am;

import java.util.List;
import java.util.Map;

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
    List<Integer> partitions;
    State state = State.WAITING;
    String clusterContainerId;
    String host;
    boolean relaunchWhenStopped;
    final RestartBudget budget;
    int relaunches;
    Integer lastExitStatus;
    String lastDiagnostics;
    Map<String, Object> lastReport = Map.of();
    long lastReportMs;

    LogicalContainer(final String id, final List<Integer> partitions, final RestartBudget budget) {
        this.id = id;
        this.partitions = List.copyOf(partitions);
        this.budget = budget;
    }

    boolean hasProcess() {
        return state == State.LAUNCHING || state == State.RUNNING || state == State.STOPPING;
    }

    void waitForContainer() {
        state = State.WAITING;
        clusterContainerId = null;
        host = null;
        relaunchWhenStopped = false;
        lastReport = Map.of();
    }
}
