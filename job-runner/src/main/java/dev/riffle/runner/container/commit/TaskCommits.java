package dev.riffle.runner.container.commit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.retry.Retrier;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.store.TaskStores;

/**
 * A task's commits ({@link CommitProtocol}): on the task's thread, or with the checkpoint store's write
 * on a commit thread ({@code task.commit.background}, see {@link BackgroundCommit}); the settling of a
 * commit whose outcome is unknown ({@link CheckpointReconciler}); and the committed offsets it
 * publishes for the heartbeat and the status. Used on the task's thread; only what a background commit
 * writes runs on the commit thread.
 */
public final class TaskCommits {

    private final String name;
    private final TaskStores stores;
    private final ContainerIo io;
    private final TaskOffsets offsets;
    /** Why the container stops without committing; {@code null} while it may commit. */
    private final Supplier<String> abortReason;
    private final TaskStats stats;
    /** The task's one retry layer, also used by its commit thread. */
    private final Retrier retrier;
    /** Null when commits stay on the task's thread. */
    private final BackgroundCommit background;
    /** Whether the last attempt of a commit on the task's thread failed with an unknown outcome. */
    private final boolean[] outcomeUnknown = {false};
    private boolean checkpointSeen;
    private volatile Map<String, Long> committedOffsets = Map.of();

    /**
     * @param retrier the task's retrier, for commits on its thread and on its commit thread
     * @param inBackground whether checkpoint commits go to a commit thread (needs a checkpoint store)
     */
    public TaskCommits(final String name, final TaskStores stores, final ContainerIo io, final TaskOffsets offsets,
                       final Supplier<String> abortReason, final TaskStats stats, final Retrier retrier,
                       final boolean inBackground) {
        this.name = name;
        this.stores = stores;
        this.io = io;
        this.offsets = offsets;
        this.abortReason = abortReason;
        this.stats = stats;
        this.retrier = retrier;
        this.background = inBackground && stores.holdsCheckpoints() ? new BackgroundCommit(name) : null;
    }

    /** The task starts at its offsets; {@code checkpointFound}: the checkpoint store held a checkpoint. */
    public void started(final boolean checkpointFound) {
        checkpointSeen = checkpointFound;
        publishCommittedOffsets();
    }

    /** Whether the checkpoint store holds a checkpoint of this task (found at start, or a commit landed). */
    public boolean checkpointStored() {
        return checkpointSeen;
    }

    /** Next offset per input topic as of the last commit; safe from any thread. */
    public Map<String, Long> committedOffsets() {
        return committedOffsets;
    }

    /**
     * Commits the offsets the task has reached, with the writes since the last commit; retries what can
     * be retried. In the background when configured and {@code mayBackground} (not while isolating failed
     * records, whose commits must land one by one). Call {@link #finish} first: one commit at a time.
     */
    public void commit(final boolean mayBackground) {
        if (background != null && mayBackground) {
            sendToBackground();
            return;
        }
        final Map<TopicPartition, Long> next = offsets.nextByPartition();
        final Map<TopicPartition, Long> lastCommitted = offsets.committedByPartition();
        final long started = System.nanoTime();
        final CheckpointReconciler.Outcome outcome = retrier.call("commit", () -> attempt(next, lastCommitted,
                checkpointSeen, outcomeUnknown, () -> CommitProtocol.commit(stores, io.output(), io.committer(), next)));
        if (outcome == CheckpointReconciler.Outcome.LANDED) {
            stores.discardBuffered(); // already durable: the commit that reported a failure wrote them
        }
        offsets.committed();
        checkpointSeen |= stores.holdsCheckpoints();
        stats.committed(System.nanoTime() - started);
        publishCommittedOffsets();
    }

    /**
     * {@link CommitProtocol} with its last steps on the commit thread: step 1 here (the stores are flushed,
     * the checkpoint store's writes sealed), steps 2 and 3 there. The task goes on meanwhile; its reads
     * still see the sealed writes.
     */
    private void sendToBackground() {
        final long started = System.nanoTime();
        final Map<TopicPartition, Long> next = offsets.nextByPartition();
        final long[] position = offsets.next().clone();
        final TaskStores.SealedCheckpoint sealed = retrier.call("flush the stores",
                () -> CommitProtocol.flushStoresAndSeal(stores, next));
        final Map<TopicPartition, Long> lastCommitted = offsets.committedByPartition();
        final boolean expectCheckpoint = checkpointSeen;
        final boolean[] unknown = {false};
        background.start(new BackgroundCommit.InFlight(position, sealed, started), () -> retrier.call(
                "commit", () -> attempt(next, lastCommitted, expectCheckpoint, unknown,
                        () -> CommitProtocol.flushOutputThenRecord(io.output(), sealed::write))));
    }

    /**
     * One attempt of a commit. After an attempt failed with an unknown outcome, the store is asked first
     * whether it landed, so that a landed batch is never redone.
     *
     * @param unknown whether the previous attempt's outcome is unknown; updated
     * @param write the commit's writes
     */
    private CheckpointReconciler.Outcome attempt(final Map<TopicPartition, Long> next,
            final Map<TopicPartition, Long> lastCommitted, final boolean expectCheckpoint, final boolean[] unknown,
            final Runnable write) {
        final String aborted = abortReason.get();
        if (aborted != null) {
            throw new ContainerFailure("Task " + name + " does not commit: " + aborted, null);
        }
        if (unknown[0]) {
            final CheckpointReconciler.Outcome settled = CheckpointReconciler.settle(name, stores, next, lastCommitted,
                    expectCheckpoint);
            unknown[0] = false;
            if (settled == CheckpointReconciler.Outcome.LANDED) {
                return settled;
            }
        }
        try {
            write.run();
        } catch (StoreException e) {
            unknown[0] = stores.holdsCheckpoints() && e.isRetriable() && !(e instanceof FencedException);
            throw e;
        }
        return CheckpointReconciler.Outcome.COMMITTED;
    }

    /** Takes in a background commit once it has landed (with {@code wait}, waits for it); rethrows its failure. */
    public void finish(final boolean wait) {
        if (background == null) {
            return;
        }
        final BackgroundCommit.InFlight landed = background.landed(wait);
        if (landed == null) {
            return;
        }
        landed.sealed().landed();
        offsets.committed(landed.offsets());
        checkpointSeen = true;
        stats.committed(System.nanoTime() - landed.startedNanos());
        publishCommittedOffsets();
    }

    /** Stops the commit thread; does not wait for a commit in flight. */
    public void close() {
        if (background != null) {
            background.close();
        }
    }

    private void publishCommittedOffsets() {
        final Map<TopicPartition, Long> committed = offsets.committedByPartition();
        final Map<String, Long> byTopic = new TreeMap<>();
        committed.forEach((tp, offset) -> byTopic.put(tp.topic(), offset));
        committedOffsets = Collections.unmodifiableMap(byTopic);
    }
}
