package dev.riffle.yarn.am;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.container.ContainerMain;

/**
 * How the coordinator answers the end or the silence of a logical container's process while the job
 * runs. Spends the restart budget only on failures of the process itself: a relaunch for new
 * partitions, a container the cluster took away, an exit for an unavailable dependency and a
 * heartbeat timeout cost nothing. Relaunches for an unavailable dependency back off (immediately,
 * then 2, 4, 8 ... s up to a cap) until a heartbeat reports a commit. Changes only the logical
 * container's counters and diagnostics; {@link JobCoordinator} carries the decision out.
 */
final class RestartPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RestartPolicy.class);

    /** What to do with a logical container whose process ended. */
    enum Action { RELAUNCH, FINISH, FAIL }

    /** The decision: {@code delayMs} before a relaunch, {@code failure} the job's diagnostic on FAIL. */
    record Decision(Action action, long delayMs, String failure) {

        static Decision relaunch(final long delayMs) {
            return new Decision(Action.RELAUNCH, delayMs, null);
        }
    }

    private final JobCoordinator.Settings settings;

    RestartPolicy(final JobCoordinator.Settings settings) {
        this.settings = settings;
    }

    /** Decides on the end of {@code lc}'s process, reported by {@code completion} at {@code nowMs}. */
    Decision ended(final LogicalContainer lc, final ClusterManager.Completion completion, final long nowMs) {
        final String job = settings.jobName();
        if (lc.relaunchWhenStopped) {
            LOG.info("Job {}: logical container {} stopped to take its new partitions {}; relaunching.", job, lc.id,
                    lc.partitions());
            return Decision.relaunch(0);
        }
        if (completion.lost()) {
            LOG.warn("Job {}: logical container {} lost container {} on {} (exit status {}: {}); relaunching "
                    + "without counting it against the restart budget.", job, lc.id, completion.containerId(), lc.host,
                    completion.exitStatus(), completion.diagnostics());
            return Decision.relaunch(0);
        }
        if (completion.exitStatus() == 0) {
            LOG.info("Job {}: logical container {} (container {}) finished on its own.", job, lc.id,
                    completion.containerId());
            return new Decision(Action.FINISH, 0, null);
        }
        if (completion.exitStatus() == ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE) {
            lc.dependencyExits++;
            final long delayMs = dependencyDelayMs(lc.dependencyExits);
            final String when = delayMs == 0 ? "at once" : "in " + delayMs + " ms";
            lc.lastDiagnostics = "waiting for a dependency: the container stopped because Kafka or a store did not"
                    + " answer (exit status " + completion.exitStatus() + ", " + lc.dependencyExits + " in a row);"
                    + " relaunched " + when + " without spending the restart budget, it waits for the dependency"
                    + " before it starts its tasks";
            LOG.warn("Job {}: logical container {} (container {} on {}) stopped because a dependency (Kafka or a store)"
                    + " is unavailable ({} times in a row); relaunching {} without counting it against the restart"
                    + " budget. The new container waits for the dependency before it starts its tasks.", job, lc.id,
                    completion.containerId(), lc.host, lc.dependencyExits, when);
            return Decision.relaunch(delayMs);
        }
        if (lc.budget.tryRestart(nowMs)) {
            LOG.warn("Job {}: logical container {} (container {} on {}) failed with exit status {}; relaunching "
                    + "(restart {} of {} allowed within {} ms).", job, lc.id, completion.containerId(), lc.host,
                    completion.exitStatus(), lc.budget.recent(), settings.retryCount(), settings.retryWindowMs());
            return Decision.relaunch(0);
        }
        return new Decision(Action.FAIL, 0, "Logical container " + lc.id + " (partitions " + lc.partitions()
                + ") of job " + job + " failed more than yarn.container.retry.count=" + settings.retryCount()
                + " times within yarn.container.retry.window.ms=" + settings.retryWindowMs() + "; its last exit status"
                + " was " + completion.exitStatus() + " in container " + completion.containerId() + " on " + lc.host
                + (completion.diagnostics() == null || completion.diagnostics().isBlank() ? ""
                : " (" + completion.diagnostics().strip() + ")")
                + ". Fix the cause in the container's log, or raise the retry budget.");
    }

    /**
     * {@code lc}'s process sent no heartbeat for {@code silentMs} (its limit {@code limitMs}): it is to be
     * given back to YARN, which kills it, and relaunched at once. Should the old process still run (its
     * node cut off), its next heartbeat is answered "not recognised" and the generation its replacement
     * claims fences its commits. No budget is spent: the cause is usually outside the process (a frozen
     * or overloaded host, a network cut, a wait for a dependency at start), and a timeout cannot recur
     * faster than once per timeout.
     */
    void silent(final LogicalContainer lc, final long silentMs, final long limitMs) {
        final String silence = lc.lastReportMs > 0 ? "no heartbeat for " + silentMs + " ms"
                : "no first heartbeat " + silentMs + " ms after its start";
        lc.lastDiagnostics = silence + " (limit " + limitMs + " ms, yarn.container.heartbeat.timeout.ms="
                + settings.heartbeatTimeoutMs() + "): container " + lc.clusterContainerId + " on " + lc.host
                + " was given back to YARN and the logical container relaunched without spending the restart budget";
        LOG.warn("Job {}: logical container {} (partitions {}) in container {} on {} sent {} (limit {} ms); the"
                + " application master gives the container back to YARN, which kills it, and relaunches the logical"
                + " container elsewhere. The replacement fences the old process should it wake up.",
                settings.jobName(), lc.id, lc.partitions(), lc.clusterContainerId, lc.host, silence, limitMs);
    }

    /** A heartbeat of {@code lc} reported a commit: Kafka and the stores answer, the backoff starts over. */
    void committed(final LogicalContainer lc) {
        if (lc.dependencyExits > 0) {
            LOG.info("Job {}: logical container {} commits again; its dependency backoff starts over.",
                    settings.jobName(), lc.id);
            lc.dependencyExits = 0;
        }
    }

    /** The delay before relaunching after the {@code exits}-th dependency exit in a row. */
    long dependencyDelayMs(final int exits) {
        if (exits <= 1) {
            return 0;
        }
        final int doublings = Math.min(exits - 2, 30);
        return Math.min(settings.dependencyBackoffCapMs(), settings.dependencyBackoffMs() << doublings);
    }
}
