package dev.riffle.runner.store;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.api.store.StoreException;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All stores of one task, as the container runtime sees them: what the task reads and writes
 * through {@code TaskContext.store(name)}, and the two steps of the commit protocol that involve
 * stores. One instance per task, used on the task's thread only.
 *
 * <p>Commit protocol, driven by the runtime:
 * <ol>
 *   <li>{@link #flush()}: buffered writes of every store that does not hold checkpoints become durable;</li>
 *   <li>the runtime flushes the Kafka producer (output is at-least-once);</li>
 *   <li>with a checkpoint store, {@link #commitCheckpoint} writes that store's buffered writes and the
 *       offsets in one atomic operation; without one, the runtime commits the offsets to Kafka.</li>
 * </ol>
 */
public interface TaskStores extends AutoCloseable {

    /**
     * The store configured as {@code stores.<name>.*}, scoped to this task.
     *
     * @throws IllegalArgumentException if no such store is configured; the message lists the stores that are
     */
    <K, V> KeyValueStore<K, V> store(String name);

    /** Names of the configured stores. */
    Set<String> names();

    /** Whether {@code task.checkpoint.store} names one of these stores. */
    boolean holdsCheckpoints();

    /**
     * Takes the task over: raises its generation number in the checkpoint store, so that writes of
     * any previous owner are rejected from now on, and returns the last checkpoint (next offset to
     * read per input partition). Empty when there is no checkpoint store or no checkpoint yet.
     *
     * @throws StoreException if the store fails (retriable when it is unreachable)
     */
    Optional<Map<TopicPartition, Long>> claimAndReadCheckpoint();

    /**
     * Commit step 1: makes the buffered writes of every store except the checkpoint store durable.
     *
     * @throws StoreException if a store fails; buffered writes are kept for the next attempt
     */
    void flush();

    /**
     * Commit step 3 with a checkpoint store: writes its buffered writes together with
     * {@code nextOffsets}, atomically, if this task's generation is still current.
     *
     * @throws FencedException if another container has taken the task since {@link #claimAndReadCheckpoint}, or
     *     the store no longer holds the checkpoint the task claimed or last committed (it went back in time)
     * @throws StoreException if the store fails; nothing was written and buffered writes are kept
     * @throws IllegalStateException if there is no checkpoint store
     */
    void commitCheckpoint(Map<TopicPartition, Long> nextOffsets);

    /**
     * Commit step 3 in two halves, so that the store write can run on another thread while the task
     * goes on: takes the checkpoint store's buffered writes out of the buffer (they still answer the
     * task's reads) and returns the commit of them with {@code nextOffsets}. One sealed commit at a time:
     * call {@link SealedCheckpoint#landed} before sealing the next.
     *
     * @throws IllegalStateException if there is no checkpoint store, or the previous one has not landed
     */
    SealedCheckpoint sealCheckpoint(Map<TopicPartition, Long> nextOffsets);

    /** A checkpoint commit sealed by {@link #sealCheckpoint}. */
    interface SealedCheckpoint {

        /**
         * Writes the sealed writes and the offsets atomically, guarded by the task's generation at the
         * time of the call (a reclaim after an unknown outcome raises it). Any thread; may be retried.
         *
         * @throws FencedException if another container has taken the task, or the store went back in time
         * @throws StoreException if the store fails; nothing was written
         */
        void write();

        /** After {@link #write} succeeded (or the write is known to have landed): on the task's thread. */
        void landed();
    }

    /** Drops all buffered writes, after a failed batch is abandoned. */
    void discardBuffered();

    @Override
    void close();
}
