package dev.riffle.runner.container.commit;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.container.io.OffsetCommitter;
import dev.riffle.runner.container.io.OutputSink;
import dev.riffle.runner.store.TaskStores;

/**
 * The commit of one task, in the only safe order: (1) make store writes durable, (2) flush the
 * producer so every output caused by the input is acknowledged, (3) record the input offsets, in
 * the checkpoint store atomically with its state or as Kafka group offsets. Recording offsets any
 * earlier could lose state or output after a crash.
 */
final class CommitProtocol {

    private CommitProtocol() {
    }

    /**
     * Runs the three steps; an exception in a step stops the commit before the offsets are recorded.
     *
     * @param stores the task's stores
     * @param output the container's producer
     * @param committer the Kafka group-offset committer, used when the stores hold no checkpoints
     * @param nextOffsets next offset to read per input partition of the task
     */
    public static void commit(final TaskStores stores, final OutputSink output, final OffsetCommitter committer,
                              final Map<TopicPartition, Long> nextOffsets) {
        stores.flush();
        flushOutputThenRecord(output, () -> {
            if (stores.holdsCheckpoints()) {
                stores.commitCheckpoint(nextOffsets);
            } else if (!nextOffsets.isEmpty()) {
                committer.commit(nextOffsets);
            }
        });
    }

    /**
     * Step 1 of a commit whose last steps run on a commit thread ({@link BackgroundCommit}): flushes the
     * stores and seals the checkpoint store's writes with the offsets, on the task's thread.
     *
     * @return step 3, for {@link #flushOutputThenRecord} on the commit thread
     */
    static TaskStores.SealedCheckpoint flushStoresAndSeal(final TaskStores stores,
                                                          final Map<TopicPartition, Long> nextOffsets) {
        stores.flush();
        return stores.sealCheckpoint(nextOffsets);
    }

    /** Steps 2 and 3: flushes the producer, and only once every output is acknowledged records the offsets. */
    static void flushOutputThenRecord(final OutputSink output, final Runnable recordOffsets) {
        output.flush();
        recordOffsets.run();
    }
}
