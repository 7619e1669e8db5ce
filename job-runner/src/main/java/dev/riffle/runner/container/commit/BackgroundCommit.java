package dev.riffle.runner.container.commit;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.MDC;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.store.TaskStores;

/**
 * A task's checkpoint commits, sent on a thread of their own so that the task goes on with its next
 * batches while the store applies the last ones (the store write is most of a commit, and blocking the
 * task for it is what sets the tail of its latency; see {@code task.commit.background}). One commit at a
 * time and in order: a commit starts only after the previous one has landed. The methods are called on
 * the task's thread; only the write runs on the commit thread.
 */
final class BackgroundCommit {

    /**
     * A commit in flight, carried back to the task's thread when it lands.
     *
     * @param offsets next offset per source of the task as sealed, the position the commit records
     * @param sealed the sealed store writes
     * @param startedNanos when the task sealed it
     */
    record InFlight(long[] offsets, TaskStores.SealedCheckpoint sealed, long startedNanos) {
    }

    private final ExecutorService thread;
    private InFlight inFlight;
    private Future<?> future;

    BackgroundCommit(final String taskName) {
        final String threadName = "riffle-commit-" + taskName.replace(' ', '-');
        this.thread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a commit is in flight (sent, not yet collected with {@link #landed}). */
    boolean busy() {
        return inFlight != null;
    }

    /** Sends a sealed commit: {@code write} runs on the commit thread with the task's log context. */
    void start(final InFlight commit, final Runnable write) {
        if (inFlight != null) {
            throw new IllegalStateException("a commit is already in flight");
        }
        final Map<String, String> context = MDC.getCopyOfContextMap();
        inFlight = commit;
        future = thread.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            write.run();
        });
    }

    /**
     * The commit in flight once it has landed, else null; with {@code wait}, waits for it.
     *
     * @throws RuntimeException the failure of the commit, as the write threw it (the container stops)
     */
    InFlight landed(final boolean wait) {
        if (inFlight == null || (!wait && !future.isDone())) {
            return null;
        }
        final InFlight done = inFlight;
        final Future<?> sent = future;
        inFlight = null;
        future = null;
        try {
            sent.get();
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new ContainerFailure("The background commit failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerFailure("Interrupted while waiting for the background commit to land.", e);
        }
        return done;
    }

    /** Stops the commit thread once a commit in flight (if any) is done; does not wait. */
    void close() {
        thread.shutdown();
    }
}
