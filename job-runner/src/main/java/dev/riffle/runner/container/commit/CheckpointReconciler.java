package dev.riffle.runner.container.commit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.store.TaskStores;

/**
 * Settles a checkpoint commit whose outcome is unknown (the store timed out, perhaps after applying
 * it): claims the task again, which fences any commit still in flight, then reads the checkpoint the
 * store holds. Only the store knows whether the batch landed; guessing "no" and processing the batch
 * again would count it twice, guessing "yes" would lose it.
 */
final class CheckpointReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointReconciler.class);

    /** What the store says about the failed commit. */
    enum Outcome {
        /** The commit went through on the first try (nothing to settle). */
        COMMITTED,
        /** The store holds the offsets the failed commit carried: it landed; its buffered writes are durable. */
        LANDED,
        /** The store still holds the last known checkpoint: the commit did not land; send it again. */
        NOT_LANDED
    }

    private CheckpointReconciler() {
    }

    /**
     * Claims the task again and compares the stored checkpoint with what the commit carried.
     *
     * @param taskName for messages
     * @param attempted the offsets of the commit whose outcome is unknown
     * @param lastCommitted the offsets of the last commit known to have succeeded (or the start positions)
     * @param expectCheckpoint whether the store held a checkpoint for this task before (so an empty one means it lost data)
     * @throws ContainerFailure when the store holds neither: it is authoritative, so the container restarts
     *     and every task reloads its state and offsets from it
     */
    static Outcome settle(final String taskName, final TaskStores stores, final Map<TopicPartition, Long> attempted,
                          final Map<TopicPartition, Long> lastCommitted, final boolean expectCheckpoint) {
        final Optional<Map<TopicPartition, Long>> stored = stores.claimAndReadCheckpoint();
        if (stored.isEmpty() && expectCheckpoint) {
            throw new ContainerFailure("Task " + taskName + " found no checkpoint in its checkpoint store after a failed"
                    + " commit, although it had one; the store lost data. The container restarts so that the task"
                    + " resumes from what the store holds; check the store's persistence.", null);
        }
        // Partitions the store has no offset for are where the task started (auto.offset.reset).
        final Map<TopicPartition, Long> resolved = new HashMap<>(lastCommitted);
        stored.ifPresent(resolved::putAll);
        // Checked first: when the commit carried no new offsets (only window() writes), the offsets cannot
        // tell whether it landed, and sending its absolute writes again is safe.
        if (resolved.equals(lastCommitted)) {
            LOG.info("Task {}: the failed commit of offsets {} did not land (the store still holds {}); committing again.",
                    taskName, attempted, lastCommitted);
            return Outcome.NOT_LANDED;
        }
        if (resolved.equals(attempted)) {
            LOG.info("Task {}: the commit of offsets {} had landed although the store reported a failure; its batch"
                    + " is not processed again.", taskName, attempted);
            return Outcome.LANDED;
        }
        throw new ContainerFailure("Task " + taskName + " found checkpoint " + stored.orElse(Map.of())
                + " in its checkpoint store after a failed commit of " + attempted + "; it last committed "
                + lastCommitted + ". The store is authoritative: the container restarts so that the task reloads its"
                + " state and offsets from it.", null);
    }
}
