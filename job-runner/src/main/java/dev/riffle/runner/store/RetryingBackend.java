package dev.riffle.runner.store;

import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.WriteBatch;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that failed with a retriable {@link StoreException} (store unreachable, timeout), with
 * exponential backoff, until the retry budget is spent; then the last failure propagates, still
 * retriable, and the runtime pauses the task and tries the batch again. Every backend write is
 * idempotent (absolute values, same generation and checkpoint), so repeating a write whose outcome was
 * unknown neither loses nor double-applies it. The calling task's thread blocks meanwhile, which is
 * what pauses its consumption.
 */
final class RetryingBackend implements ScopedBackend {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingBackend.class);

    /** Backoff settings: first delay, cap, and total time allowed for one call. */
    static final class Policy {
        final long initialMs;
        final long maxMs;
        final long budgetMs;

        Policy(long initialMs, long maxMs, long budgetMs) {
            this.initialMs = initialMs;
            this.maxMs = maxMs;
            this.budgetMs = budgetMs;
        }
    }

    private final ScopedBackend delegate;
    private final Policy policy;
    private final StoreMetrics metrics;

    RetryingBackend(ScopedBackend delegate, Policy policy, StoreMetrics metrics) {
        this.delegate = delegate;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return retrying(() -> "a read of " + keys.size() + " keys", () -> delegate.getAll(keys));
    }

    @Override
    public void write(WriteBatch batch) {
        retrying(() -> "a write of " + batch.size() + " keys", () -> {
            delegate.write(batch);
            return null;
        });
    }

    @Override
    public void commit(WriteBatch batch, long generation, byte[] checkpoint) {
        retrying(() -> "the checkpoint commit (generation " + generation + ", " + batch.size() + " keys)", () -> {
            delegate.commit(batch, generation, checkpoint);
            return null;
        });
    }

    @Override
    public long claim() {
        return retrying(() -> "the claim of the task's generation", delegate::claim);
    }

    @Override
    public Optional<byte[]> readCheckpoint() {
        return retrying(() -> "the read of the checkpoint", delegate::readCheckpoint);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    // The description is built only when a call fails, not on every call of the hot path.
    private <T> T retrying(Supplier<String> description, Supplier<T> call) {
        final long deadline = System.nanoTime() + policy.budgetMs * 1_000_000L;
        long delayMs = policy.initialMs;
        int attempt = 1;
        while (true) {
            try {
                final T result = call.get();
                if (attempt > 1) {
                    LOG.info("Retried {} for {}: it succeeded on attempt {}; the store is reachable again.",
                            description.get(), describe(),
                            attempt);
                }
                return result;
            } catch (StoreException e) {
                final String what = description.get();
                if (!e.isRetriable() || System.nanoTime() + delayMs * 1_000_000L - deadline > 0) {
                    if (e.isRetriable()) {
                        LOG.error("Giving up on {} for {} after {} attempts over {} ms: {}", what, describe(), attempt,
                                policy.budgetMs, e.getMessage());
                    }
                    throw e;
                }
                LOG.warn("Attempt {} of {} for {} failed: {}. Retrying in {} ms.", attempt, what, describe(),
                        e.getMessage(), delayMs);
                metrics.recordRetry();
                sleep(delayMs, what, e);
                delayMs = Math.min(policy.maxMs, delayMs * 2);
                attempt++;
            }
        }
    }

    private void sleep(long ms, String what, StoreException cause) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting to retry " + what + " for " + describe()
                    + "; the container is stopping.", true, cause);
        }
    }
}
