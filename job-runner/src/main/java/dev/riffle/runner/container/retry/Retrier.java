package dev.riffle.runner.container.retry;

import java.util.function.Supplier;

import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.io.WallClock;
import dev.riffle.runner.metrics.TaskStats;

/**
 * The one retry layer of a task: retries its store and broker operations that failed for a reason that
 * may pass (a retriable {@link StoreException}, a Kafka {@link RetriableException}) with one capped
 * exponential {@link Backoff}, for as long as the failure lasts. The stores below do not retry. On the
 * task's thread consumption pauses meanwhile; a background commit
 * ({@link dev.riffle.runner.container.commit.BackgroundCommit}) retries on
 * its commit thread with the same backoff. Logs once per attempt, never per record. Anything else becomes
 * a {@link ContainerFailure}; a {@link FencedException} passes through untouched.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final String taskName;
    private final WallClock clock;
    private final TaskStats stats;
    private final Backoff backoff = Backoff.standard();

    public Retrier(final String taskName, final WallClock clock, final TaskStats stats) {
        this.taskName = taskName;
        this.clock = clock;
        this.stats = stats;
    }

    /** Runs {@code action} until it succeeds or fails for good. */
    public <T> T call(final String what, final Supplier<T> action) {
        while (true) {
            try {
                final T result = action.get();
                backoff.reset();
                return result;
            } catch (FencedException | ContainerFailure e) {
                throw e;
            } catch (StoreException e) {
                if (!e.isRetriable()) {
                    throw new ContainerFailure("Task " + taskName + " cannot " + what + ": " + DeadLetters.describe(e)
                            + ". The store rejected it and retrying cannot help; check the store's log and settings.", e);
                }
                backOff(what, e, "retrying");
            } catch (RetriableException e) {
                backOff(what, e, "retrying");
            } catch (RuntimeException e) {
                throw new ContainerFailure("Task " + taskName + " cannot " + what + ": " + DeadLetters.describe(e)
                        + ". Check the broker and the stores; the container restarts from the last commit.", e);
            }
        }
    }

    /** Logs the failure and waits the next backoff delay; {@code then} says what happens after the wait. */
    public void backOff(final String what, final Exception cause, final String then) {
        final long delay;
        final int attempt;
        synchronized (backoff) {
            delay = backoff.nextDelayMs();
            attempt = backoff.attempts();
        }
        LOG.warn("Task {} cannot {} ({}); {} in {} ms (attempt {}), consumption paused meanwhile.",
                taskName, what, DeadLetters.describe(cause), then, delay, attempt);
        stats.retried();
        try {
            clock.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerFailure("Task " + taskName + " was interrupted while waiting to retry.", e);
        }
    }

    /** Starts the backoff over after a success. */
    public void reset() {
        backoff.reset();
    }
}
