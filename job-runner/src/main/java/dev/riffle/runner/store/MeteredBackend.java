package dev.riffle.runner.store;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.WriteBatch;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Counts calls, keys, time (per operation) and failures of a {@link ScopedBackend} into {@link StoreMetrics}.
 * The stores do not retry; a retriable failure is counted as a retry because the task's one retry layer
 * (the runtime's {@code Retrier}) repeats every one of them.
 */
final class MeteredBackend implements ScopedBackend {

    private final ScopedBackend delegate;
    private final StoreMetrics metrics;

    MeteredBackend(ScopedBackend delegate, StoreMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        metrics.recordRead(keys.size());
        return timed(StoreMetrics.Op.GET, () -> delegate.getAll(keys));
    }

    @Override
    public void write(WriteBatch batch) {
        timed(StoreMetrics.Op.WRITE, () -> {
            delegate.write(batch);
            return null;
        });
        metrics.recordWrite(batch.size());
    }

    @Override
    public void commit(WriteBatch batch, long generation, byte[] expected, byte[] checkpoint) {
        timed(StoreMetrics.Op.COMMIT, () -> {
            delegate.commit(batch, generation, expected, checkpoint);
            return null;
        });
        metrics.recordWrite(batch.size());
    }

    @Override
    public long claim() {
        return timed(StoreMetrics.Op.CLAIM, delegate::claim);
    }

    @Override
    public Optional<byte[]> readCheckpoint() {
        return timed(StoreMetrics.Op.READ_CHECKPOINT, delegate::readCheckpoint);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    private <T> T timed(StoreMetrics.Op op, Supplier<T> call) {
        final long began = System.nanoTime();
        try {
            return call.get();
        } catch (RuntimeException e) {
            metrics.recordError(op);
            if (e instanceof StoreException && ((StoreException) e).isRetriable() && !(e instanceof FencedException)) {
                metrics.recordRetry();
            }
            throw e;
        } finally {
            metrics.recordCall(op, System.nanoTime() - began);
        }
    }
}
