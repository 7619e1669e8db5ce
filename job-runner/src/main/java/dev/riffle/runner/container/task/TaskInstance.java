package dev.riffle.runner.container.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.commit.CheckpointWitness;
import dev.riffle.runner.container.commit.TaskCommits;
import dev.riffle.runner.container.commit.TaskOffsets;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.errors.ErrorPolicy;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.retry.DependencyWait;
import dev.riffle.runner.container.retry.Retrier;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.store.TaskStores;

/**
 * One running task: its buffer of polled records, its offsets, and the turns of its batch cycle (batches,
 * {@code window()}, commits) with the error policy around them. The parts it drives each have one job:
 * {@link MessageDecoder} (records to messages), {@link TaskInvoker} (the calls into the task's code),
 * {@link IsolationRange} (which records are being isolated), {@link FlowControl} (pausing the partitions,
 * their lag), {@link TaskSchedule} (when the task is due), and {@link TaskCommits} (its commits).
 *
 * <p>When a batch fails, the task's buffered store writes are discarded, so the task is rewound to
 * its last commit (the source seeks back) and the records since then are read again. A retriable
 * store error waits with backoff and tries again; any other error puts the task in <em>isolation</em>:
 * the failed batch's records are processed one at a time, each followed by a commit, so that
 * {@code task.error.policy} applies to exactly the records that fail.
 *
 * <p>A rewind also replaces the task object ({@link TaskLifecycle}): the old one is closed and a new instance
 * of the task class is initialised from the store, so that what a task keeps in memory (restored in
 * {@code init()}) starts from the last commit too, as after a container restart.
 */
public final class TaskInstance {

    private static final Logger LOG = LoggerFactory.getLogger(TaskInstance.class);

    /** Most batches one task processes per turn of the loop. */
    static final int MAX_BATCHES_PER_TURN = 4;

    private final String name;
    private final int partition;
    private final List<TopicPartition> partitionList;
    private final TaskLifecycle lifecycle;
    private final TaskStores stores;
    private final TaskSettings settings;
    private final ContainerIo io;
    private final TaskStats stats;
    private final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer;
    private final MessageDecoder decoder;
    /** Applies the error policy to a record that cannot be deserialised. */
    private final MessageDecoder.Unreadable unreadable;
    private final TaskCollector collector;
    private final TaskControl control;
    private final TaskSchedule schedule;
    private final FlowControl flow;
    private final TaskOffsets offsets;
    private final IsolationRange isolation;
    private final Retrier retrier;
    private final TaskCommits commits;
    private final CheckpointWitness witness;
    private boolean dirty;

    /** @param newTask builds the task object of a partition: once here, and again after each rewind */
    TaskInstance(final int partition, final List<TopicPartition> inputs, final IntFunction<Object> newTask,
                 final TaskStores stores,
                 final TaskSettings settings, final TopicSerdes serdes, final ContainerIo io, final TaskStats stats,
                 final Runnable stopContainer) {
        this.name = taskName(partition);
        this.partition = partition;
        this.partitionList = List.copyOf(inputs);
        this.decoder = new MessageDecoder(partitionList, serdes, settings.batchSize());
        this.stores = stores;
        this.settings = settings;
        this.io = io;
        this.stats = stats;
        this.buffer = new TaskBuffer<>(settings.batchSize(), settings.batchWaitMs(), settings.bufferMaxBytes());
        this.collector = new TaskCollector(name, serdes, io.output(), settings.deadLetterTopic(), stats);
        this.unreadable = (r, e) -> collector.applyPolicy(settings.errorPolicy(), r, DeadLetters.REASON_DESERIALIZATION,
                e);
        this.control = new TaskControl(stopContainer);
        this.retrier = new Retrier(name, io.clock(), stats);
        this.lifecycle = new TaskLifecycle(name, partition, newTask, stores, stats, retrier);
        final long now = io.clock().millis();
        this.schedule = new TaskSchedule(lifecycle.invoker().windowable() ? settings.windowMs() : -1,
                settings.commitMs(), now);
        this.flow = new FlowControl(partitionList, io.source(), buffer, stats, now);
        this.offsets = new TaskOffsets(inputs);
        this.isolation = new IsolationRange(partitionList.size());
        this.commits = new TaskCommits(name, stores, io, offsets, control::abortReason, stats, retrier,
                settings.backgroundCommit());
        this.witness = new CheckpointWitness(name, settings.jobInstance(), settings.checkpointStore(),
                settings.onStateLoss(), partitionList, io);
    }

    /** The name of the task that owns {@code partition}: {@code Partition <n>}. */
    public static String taskName(final int partition) {
        return "Partition " + partition;
    }

    String name() {
        return name;
    }

    public int partition() {
        return partition;
    }

    /** Next offset per input topic as of the last commit; safe from any thread (heartbeat, status). */
    public Map<String, Long> committedOffsets() {
        return commits.committedOffsets();
    }

    List<TopicPartition> partitions() {
        return partitionList;
    }

    TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer() {
        return buffer;
    }

    public TaskStats stats() {
        return stats;
    }

    /** Calls the task's {@code init}; a failure stops the container. */
    void init(final JobConfig config) {
        lifecycle.init(config);
    }

    /**
     * Finds where to start reading: the checkpoint store's checkpoint, else the group's offsets, else
     * auto.offset.reset. With a checkpoint store and no checkpoint in it, the group's offsets tell a first start
     * from a store that lost the task's state ({@link CheckpointWitness}).
     */
    void seekToCheckpoint() {
        final Map<TopicPartition, Long> start;
        final String origin;
        boolean checkpointFound = false;
        boolean stateLost = false;
        if (stores.holdsCheckpoints()) {
            final Optional<Map<TopicPartition, Long>> checkpoint = retrier.call("read the checkpoint",
                    stores::claimAndReadCheckpoint);
            start = checkpoint.orElse(Map.of());
            checkpointFound = checkpoint.isPresent();
            stateLost = !checkpointFound && witness.checkMissingCheckpoint();
            origin = "the checkpoint store";
        } else {
            start = io.source().committed(partitionList);
            origin = "the group's committed offsets";
        }
        for (int i = 0; i < partitionList.size(); i++) {
            final TopicPartition tp = partitionList.get(i);
            final Long offset = start.get(tp);
            final long position;
            if (offset != null) {
                io.source().seek(tp, offset);
                position = offset;
            } else {
                position = io.source().position(tp);
            }
            offsets.start(i, position);
            LOG.info("Task {} starts {} at offset {} ({}).", name, tp, position,
                    offset != null ? "from " + origin : stateLost ? "its state was lost; from the beginning"
                            : "no checkpoint; auto.offset.reset");
        }
        commits.started(checkpointFound);
    }

    /**
     * Processes the batches that are due, at most {@link #MAX_BATCHES_PER_TURN} so that the other tasks
     * of the container (and their windows) get their turn; a task that falls behind gets its partitions
     * paused. With {@code force}, hands over everything buffered without waiting (test kit). While
     * isolating failed records, the records read again are due at once: they waited before.
     */
    void processDue(final boolean force) {
        int turns = 0;
        while (buffer.size() > 0 && !control.stopRequested()
                && (force || isolation.active() || buffer.batchDue(io.clock().millis()))
                && (force || turns++ < MAX_BATCHES_PER_TURN)) {
            runNextBatch();
        }
    }

    private void runNextBatch() {
        int n = isolation.active() ? isolation.nextBatchSize(buffer) : buffer.nextBatchSize(Integer.MAX_VALUE);
        final List<IncomingMessage> messages = decoder.decode(buffer, n, unreadable);
        final long started = System.nanoTime();
        try {
            if (!messages.isEmpty()) {
                collector.current(messages, decoder.records());
                final int done = lifecycle.invoker().process(messages, collector, control);
                if (done < messages.size()) {
                    // A stream task asked for shutdown: the rest of the batch stays unprocessed and uncommitted.
                    n = decoder.slotOf(done - 1) + 1;
                }
            }
        } catch (Exception e) {
            onBatchFailure(n, e);
            return;
        }
        for (int j = 0; j < n; j++) {
            offsets.processed(buffer.sourceOf(j), buffer.peek(j).offset());
        }
        buffer.remove(n);
        dirty = true;
        retrier.reset();
        stats.batchProcessed(messages.size(), System.nanoTime() - started);
        if (isolation.active()) {
            commit();
            updateIsolation();
        } else if (settings.commitMs() == 0) {
            commit();
        }
    }

    private void onBatchFailure(final int n, final Exception e) {
        if (e instanceof FencedException) {
            throw (FencedException) e;
        }
        if (e instanceof StoreException && ((StoreException) e).isRetriable()) {
            rewind();
            retrier.backOff("reach a store", e, "rewound to its last commit, retrying");
            return;
        }
        final ConsumerRecord<byte[], byte[]> first = buffer.peek(0);
        if (DependencyWait.isUnavailable(e)) {
            // Not the records' fault (a send failed because the broker is away): no error policy, no skip.
            throw new ContainerFailure("Task " + name + " cannot go on with the batch starting at " + first.topic() + "-"
                    + first.partition() + "@" + first.offset() + ": " + DeadLetters.describe(e) + ". A dependency is"
                    + " unavailable; the container stops and resumes from the last commit once it is back.", e);
        }
        if (settings.errorPolicy() == ErrorPolicy.FAIL) {
            throw new ContainerFailure("Task " + name + " failed on a batch of " + n + " records starting at "
                    + first.topic() + "-" + first.partition() + "@" + first.offset() + ": " + DeadLetters.describe(e)
                    + ". task.error.policy=fail stops the container; fix the task, or set task.error.policy to"
                    + " skip or dead-letter.", e);
        }
        if (isolation.active() && n == 1) {
            // Isolated: this record is the culprit. Drop its writes, apply the policy, move past it.
            stores.discardBuffered();
            collector.applyPolicy(settings.errorPolicy(), first, DeadLetters.REASON_TASK_EXCEPTION, e);
            offsets.processed(buffer.sourceOf(0), first.offset());
            buffer.remove(1);
            dirty = true;
            commit();
            updateIsolation();
            return;
        }
        final TaskInvoker invoker = lifecycle.invoker();
        if (invoker.perMessage()) {
            isolation.markSlot(buffer, decoder.slotOf(invoker.failedIndex()));
        } else {
            isolation.markFirst(buffer, n);
        }
        LOG.warn("Task {} failed on a batch of {} records starting at {}-{}@{} ({}); rewinding to its last commit and"
                + " processing the failed records one at a time.", name, n, first.topic(), first.partition(),
                first.offset(), DeadLetters.describe(e));
        rewind();
    }

    private void updateIsolation() {
        if (isolation.active() && isolation.passedBy(offsets.next())) {
            LOG.info("Task {} is past the records that failed; back to batches of up to {}.", name, settings.batchSize());
        }
    }

    /** Throws the task back to its last commit: store writes dropped, buffer emptied, source rewound. */
    private void rewind() {
        // A commit in flight lands first, so that "the last commit" includes it.
        commits.finish(true);
        stores.discardBuffered();
        buffer.clear();
        offsets.rewind(io.source());
        dirty = false;
        lifecycle.restart();
    }

    /** Calls {@code window()} when its period has passed. */
    void windowIfDue() {
        final long now = io.clock().millis();
        if (!schedule.windowDue(now) || control.stopRequested()) {
            return;
        }
        collector.current(List.of(), decoder.records());
        try {
            lifecycle.invoker().window(collector, control);
        } catch (StoreException e) {
            if (e instanceof FencedException || !e.isRetriable()) {
                throw e instanceof FencedException ? e : windowFailure(e);
            }
            rewind();
            retrier.backOff("reach a store in window()", e, "rewound to its last commit, retrying");
            return;
        } catch (Exception e) {
            throw windowFailure(e);
        }
        schedule.windowRan(now);
        stats.windowed();
        dirty = true;
    }

    private ContainerFailure windowFailure(final Exception e) {
        return new ContainerFailure("Task " + name + " failed in window(): " + DeadLetters.describe(e)
                + ". A window failure stops the container; fix the task.", e);
    }

    /** Commits when {@code task.commit.ms} has passed or the task asked for it. */
    void commitIfDue() {
        commits.finish(false);
        if (control.takeCommitRequest() || schedule.commitDue(io.clock().millis())) {
            commit();
        }
        if (stores.holdsCheckpoints()) {
            witness.copyIfDue(io.clock().millis(), commits.checkpointStored(), offsets.committedByPartition());
        }
    }

    /**
     * Commits now: stores, then output, then offsets (see
     * {@link dev.riffle.runner.container.commit.CommitProtocol}); retries what can be retried.
     */
    void commit() {
        schedule.commitRan(io.clock().millis());
        commits.finish(true);
        if (!dirty) {
            return;
        }
        commits.commit(!isolation.active());
        dirty = false;
    }

    /** Commits now and waits until the commit has landed (at a stop). */
    void commitNow() {
        commit();
        commits.finish(true);
    }

    /** Reads the consumer lag of the task's partitions into its metrics, about once a second. */
    void refreshLag(final long now) {
        flow.refreshLag(now);
    }

    /** Pauses the task's partitions when its buffer is too full, resumes them once it drains; returns whether paused. */
    boolean updateFlowControl() {
        return flow.update();
    }

    /** Milliseconds until this task needs the loop again (batch wait, window, commit). */
    long millisUntilDue(final long now) {
        return schedule.millisUntilDue(now, buffer, dirty);
    }

    /** The control this task's coordinator writes to. */
    TaskControl control() {
        return control;
    }

    /** The next offset to process per partition, for tests and status. */
    Map<TopicPartition, Long> positions() {
        return offsets.nextByPartition();
    }

    /** Calls the task's {@code close} and closes the stores; failures are logged. */
    void close() {
        lifecycle.close("shutdown continues");
        commits.close();
        try {
            stores.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the stores of task {} failed: {}.", name, DeadLetters.describe(e));
        }
    }
}
