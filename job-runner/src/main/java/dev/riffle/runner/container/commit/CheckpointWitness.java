package dev.riffle.runner.container.commit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.io.ContainerIo;

/**
 * Evidence outside the checkpoint store that a task has committed before, so that a store that lost the
 * task's state (a restart without persistence, {@code FLUSHALL}, eviction, failover to a lagging replica) is
 * never taken up as a first start.
 *
 * <p>With {@code task.checkpoint.store} the offsets live in the store and the job's Kafka consumer group is
 * otherwise unused. Once a checkpoint has landed, the task copies its offsets to the group, again when they
 * moved (at most every {@link #MIN_INTERVAL_MS}), and every {@link #PERIOD_MS} regardless, which keeps Kafka from
 * expiring them ({@code offsets.retention.minutes} counts from the last commit). Only landed checkpoints are copied, so the group never holds offsets no checkpoint backs.
 * At the next start a task whose store holds no checkpoint but whose group holds offsets has lost its state:
 * {@code task.state.lost} decides between stopping with a diagnostic and starting over from the beginning of
 * its partitions. Used on the task's thread.
 */
public final class CheckpointWitness {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWitness.class);

    /** How often a task copies its last landed checkpoint to the group when it has not moved. */
    static final long PERIOD_MS = 60_000;

    /**
     * The least time between two copies of checkpoints that moved: lag tools see a task's position at most this
     * late, and the broker gets one offset commit per task this often at most (a consumer's default
     * {@code auto.commit.interval.ms}).
     */
    static final long MIN_INTERVAL_MS = 5_000;

    /** {@code task.state.lost}. */
    public enum OnLoss {
        FAIL, REPROCESS;

        public static OnLoss parse(final String value) {
            return "reprocess".equals(value) ? REPROCESS : FAIL;
        }
    }

    private final String task;
    private final String jobInstance;
    private final String checkpointStore;
    private final OnLoss onStateLoss;
    private final List<TopicPartition> partitions;
    private final ContainerIo io;
    private long copiedAtMs;
    /** The offsets last copied; empty before the first copy. */
    private Map<TopicPartition, Long> lastCopied = Map.of();

    /**
     * @param task the task's name
     * @param jobInstance {@code <job.name>-<job.id>}, for messages
     * @param checkpointStore {@code task.checkpoint.store}, for messages
     * @param onStateLoss {@code task.state.lost}
     */
    public CheckpointWitness(final String task, final String jobInstance, final String checkpointStore,
                             final OnLoss onStateLoss, final List<TopicPartition> partitions, final ContainerIo io) {
        this.task = task;
        this.jobInstance = jobInstance;
        this.checkpointStore = checkpointStore;
        this.onStateLoss = onStateLoss;
        this.partitions = List.copyOf(partitions);
        this.io = io;
    }

    /**
     * The checkpoint store holds no checkpoint for the task: a first start, or lost state? Reads the group's
     * offsets; with none it is a first start. Otherwise, under {@code task.state.lost=reprocess}, seeks the
     * task's partitions to their beginning.
     *
     * @return whether the store lost the task's state (and the task now starts from the beginning)
     * @throws ContainerFailure when it lost it and {@code task.state.lost=fail}
     */
    public boolean checkMissingCheckpoint() {
        final Map<TopicPartition, Long> witnessed = io.source().committed(partitions);
        if (witnessed.isEmpty()) {
            return false;
        }
        final String what = "Task " + task + " of job " + jobInstance + " found no checkpoint in its"
                + " checkpoint store '" + checkpointStore + "', but the job's Kafka consumer group holds"
                + " offsets " + witnessed + " that the task copied there from a checkpoint of that store: the store"
                + " lost the task's state (a restart without persistence, FLUSHALL, eviction, or failover to a replica"
                + " that lags). Lost: the task's state and its checkpoint of at least those offsets.";
        if (onStateLoss == OnLoss.FAIL) {
            throw new ContainerFailure(what + " The task does not start over on empty state (task.state.lost=fail)."
                    + " To recover: restore the store from its persistence or a backup and restart; or set"
                    + " task.state.lost=reprocess to count again from the beginning of the partitions (exact only"
                    + " while Kafka still holds every record since the job first started); or run the job under a"
                    + " new job.id. See docs/state.md, \"A store that lost data\".", null);
        }
        final Map<TopicPartition, Long> from = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            io.source().seekToBeginning(tp);
            from.put(tp, io.source().position(tp));
        }
        LOG.error("{} task.state.lost=reprocess: the task starts over on empty state from the beginning of its"
                + " partitions, {}; its results are exact only if no record since the job first started has left"
                + " Kafka (a beginning above 0 means some have).", what, from);
        return true;
    }

    /**
     * Copies the offsets of the last landed checkpoint to the group: at once after the first one, then whenever
     * they moved and {@link #MIN_INTERVAL_MS} has passed since the last copy, and every {@link #PERIOD_MS} even
     * when they did not (Kafka expires a group's offsets that long after their last commit). So
     * {@code kafka-consumer-groups --describe} and lag monitors show the task's checkpointed position. A failure
     * is logged and tried again later: the copy is evidence and a view, never what a task resumes from.
     *
     * @param checkpointLanded whether the store holds a checkpoint of this task (found at start or committed)
     * @param committed the offsets of that checkpoint
     */
    public void copyIfDue(final long nowMs, final boolean checkpointLanded, final Map<TopicPartition, Long> committed) {
        if (!checkpointLanded || committed.isEmpty()) {
            return;
        }
        final long since = nowMs - copiedAtMs;
        if (!lastCopied.isEmpty() && since < PERIOD_MS && (since < MIN_INTERVAL_MS || committed.equals(lastCopied))) {
            return;
        }
        copiedAtMs = nowMs;
        lastCopied = Map.copyOf(committed);
        try {
            io.committer().commit(committed);
        } catch (RuntimeException e) {
            LOG.warn("Task {} of job {} could not copy its checkpoint's offsets {} to the job's Kafka consumer group"
                    + " ({}); it tries again in {} s. Until then a loss of the store's data might go unnoticed.",
                    task, jobInstance, committed, DeadLetters.describe(e), PERIOD_MS / 1000);
        }
    }
}
