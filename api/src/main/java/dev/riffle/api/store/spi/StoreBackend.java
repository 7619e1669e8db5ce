package dev.riffle.api.store.spi;

import dev.riffle.api.store.CheckpointConflictException;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;

import java.util.List;
import java.util.Optional;

/**
 * One store of one job, at the level of bytes. Every method is one round trip to the backend, covers one
 * task's keys (its {@link TaskScope}) and may be called from several task threads at once.
 *
 * <p><b>Generations.</b> Each task scope carries a generation number, {@code 0} until first
 * {@link #claim claimed}. A container that takes a task claims it; {@link #commit} then succeeds only
 * while the stored generation still equals the one the writer claimed, so a stale owner (a zombie)
 * cannot write after the task moved on.
 *
 * <p><b>Errors.</b> Failures are {@link StoreException}s; {@link StoreException#isRetriable()} is
 * {@code true} when the backend was unreachable or timed out, in which case the call may or may not
 * have been applied. All writes are idempotent (absolute values), so the runtime retries them safely.
 */
public interface StoreBackend extends AutoCloseable {

    /**
     * Reads several keys in one round trip.
     *
     * @param keys raw keys (without any namespace prefix); never empty
     * @return one entry per key, in the same order: the value, or {@code null} if missing or expired
     */
    List<byte[]> getAll(TaskScope scope, List<byte[]> keys);

    /** Applies a batch of puts and deletes in one round trip (atomically where the backend can). */
    void write(TaskScope scope, WriteBatch batch);

    /**
     * Applies a batch and stores {@code checkpoint} as the scope's checkpoint, in one atomic operation, if
     * the stored generation equals {@code generation} and the stored checkpoint is {@code expected} (the one
     * the writer claimed or last committed; {@code null} for none) or already {@code checkpoint} (a retry of
     * a commit that landed); otherwise writes nothing. Both conditions are checked in the same atomic
     * operation as the writes, so a store that went back in time cannot take newer offsets over older state.
     *
     * @throws CheckpointConflictException if the generation is the writer's but the checkpoint is neither;
     *     nothing was written
     * @throws FencedException if the stored generation differs from {@code generation}; nothing was written
     */
    void commit(TaskScope scope, WriteBatch batch, long generation, byte[] expected, byte[] checkpoint);

    /** Atomically raises the scope's generation by one and returns the new value (at least 1). */
    long claim(TaskScope scope);

    /** The last checkpoint committed for the scope, if any. */
    Optional<byte[]> readCheckpoint(TaskScope scope);

    /** Releases connections; the backend is not used afterwards. */
    @Override
    void close();
}
