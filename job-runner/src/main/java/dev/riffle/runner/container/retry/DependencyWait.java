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

/**
 * Tells failures caused by an unavailable dependency (a Kafka broker or a store that does not answer)
 * from the others, and waits for such a dependency at start-up. A container that stops because of one
 * exits with {@link dev.riffle.runner.container.ContainerMain#EXIT_DEPENDENCY_UNAVAILABLE}, which the
 * application master does not count
 * against the restart budget: the job pauses, it does not end.
 */
public final class DependencyWait {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyWait.class);

    private DependencyWait() {
    }

    /**
     * Whether {@code failure} or one of its causes says a dependency is unavailable: a Kafka
     * {@link RetriableException} (a timeout, a broker that is not there) or a retriable
     * {@link StoreException} (never a {@link FencedException}).
     */
    public static boolean isUnavailable(final Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
            if (t instanceof StoreException && ((StoreException) t).isRetriable() && !(t instanceof FencedException)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code call} until it succeeds, waiting with {@code backoff} while it fails because a dependency
     * is unavailable, and logging each wait; any other failure propagates.
     *
     * @param who the waiter, for the log ("Container 0 of job vc-1")
     * @param what the dependency and the call ("Kafka at 127.0.0.1:9092 (the partitions of topic visits)")
     */
    public static <T> T untilAvailable(final String who, final String what, final Backoff backoff,
                                       final WallClock clock, final Supplier<T> call) {
        while (true) {
            try {
                final T result = call.get();
                if (backoff.attempts() > 0) {
                    LOG.info("{}: {} answered again after {} attempts; starting.", who, what, backoff.attempts() + 1);
                }
                return result;
            } catch (RuntimeException e) {
                if (!isUnavailable(e)) {
                    throw e;
                }
                final long delay = backoff.nextDelayMs();
                LOG.warn("{} is waiting for {}, which is unavailable ({}); trying again in {} ms (attempt {}). The"
                        + " container does not start its tasks until it answers.", who, what, DeadLetters.describe(e),
                        delay, backoff.attempts());
                try {
                    clock.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ContainerFailure(who + " was interrupted while waiting for " + what + ".", interrupted);
                }
            }
        }
    }
}
