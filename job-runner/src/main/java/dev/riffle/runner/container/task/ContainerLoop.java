package dev.riffle.runner.container.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.api.store.FencedException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.io.RecordSource;
import dev.riffle.runner.container.io.WallClock;
import dev.riffle.runner.container.retry.Backoff;
import dev.riffle.runner.container.retry.DependencyWait;
import dev.riffle.runner.metrics.ContainerStats;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.model.TaskModel;
import dev.riffle.runner.store.AssembledTaskStores;
import dev.riffle.runner.store.TaskStores;
import dev.riffle.runner.store.TaskStoresFactory;

/**
 * The run loop of one container: poll the assigned partitions, append records to their task's
 * buffer, hand each task its batches when due, call {@code window()} on time, commit on time or on
 * request, and pause partitions whose task is behind. Runs on one thread; {@link #requestStop} may
 * be called from any thread (a shutdown hook, a task's coordinator).
 */
public final class ContainerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLoop.class);

    /** Longest a poll blocks, so a stop request is seen promptly even without {@code wakeup()}. */
    static final long MAX_POLL_MS = 100;

    private final JobConfig config;
    private final String containerId;
    private final ContainerIo io;
    private final List<TaskInstance> tasks;
    private final Map<TopicPartition, Route> routes = new HashMap<>();
    private final ContainerStats stats;
    private final Distributor distributor = new Distributor();
    private volatile boolean stopping;
    private volatile String abortReason;
    private String mdcTask;

    private record Route(TaskInstance task, int source) {
    }

    /**
     * Builds the tasks of one container (nothing is read or written yet; see {@link #start}).
     *
     * @param taskInputs the input partitions of each task, by task number (partition i of every input
     *     topic that has a partition i)
     * @param newTask makes the task object for a partition (usually a new instance of {@code task.class})
     */
    public static ContainerLoop create(final JobConfig config, final String containerId,
                                       final Map<Integer, List<TopicPartition>> taskInputs,
                                       final ContainerIo io, final TaskStoresFactory storesFactory,
                                       final IntFunction<Object> newTask) {
        final TaskSettings settings = TaskSettings.from(config);
        final TopicSerdes serdes = new TopicSerdes(config);
        final String job = JobIdentity.of(config).instance();
        final ContainerStats stats = new ContainerStats(job, containerId);
        final List<TaskInstance> tasks = new ArrayList<>();
        final ContainerLoop[] self = new ContainerLoop[1];
        for (Map.Entry<Integer, List<TopicPartition>> entry : new TreeMap<>(taskInputs).entrySet()) {
            final int partition = entry.getKey();
            final String name = TaskInstance.taskName(partition);
            final TaskStats taskStats = new TaskStats(name);
            stats.add(taskStats);
            final TaskStores stores = storesFactory.open(config, name, partition);
            if (stores instanceof AssembledTaskStores assembled) {
                taskStats.stores(assembled::metrics);
            }
            tasks.add(new TaskInstance(partition, entry.getValue(), newTask, stores, settings, serdes,
                    io, taskStats, () -> self[0].requestStop()));
        }
        self[0] = new ContainerLoop(config, containerId, io, tasks, stats);
        return self[0];
    }

    /** Builds the tasks of a container of the job model (see {@link #create(JobConfig, String, Map, ContainerIo, TaskStoresFactory, IntFunction)}). */
    public static ContainerLoop create(final JobConfig config, final ContainerModel model, final ContainerIo io,
                                       final TaskStoresFactory storesFactory, final IntFunction<Object> newTask) {
        final Map<Integer, List<TopicPartition>> taskInputs = new TreeMap<>();
        for (TaskModel task : model.tasks()) {
            taskInputs.put(task.partition(), task.inputs());
        }
        return create(config, model.id(), taskInputs, io, storesFactory, newTask);
    }

    private ContainerLoop(final JobConfig config, final String containerId, final ContainerIo io,
                          final List<TaskInstance> tasks, final ContainerStats stats) {
        this.config = config;
        this.containerId = containerId;
        this.io = io;
        this.tasks = List.copyOf(tasks);
        this.stats = stats;
        for (TaskInstance task : tasks) {
            final List<TopicPartition> tps = task.partitions();
            for (int i = 0; i < tps.size(); i++) {
                routes.put(tps.get(i), new Route(task, i));
            }
        }
    }

    /** The container's metrics. */
    public ContainerStats stats() {
        return stats;
    }

    /** The logical container id. */
    public String containerId() {
        return containerId;
    }

    /**
     * Waits until Kafka tells the partition count of every input topic, with backoff and a log line per attempt:
     * a container relaunched while the broker is away waits for it rather than fail and spend the restart
     * budget. Runs on the loop's thread, so the heartbeat goes on meanwhile and the AM does not take the
     * waiting container for a frozen one.
     *
     * @return false when a stop was requested meanwhile
     */
    boolean awaitInputs() {
        final Backoff backoff = Backoff.standard();
        final Set<String> topics = new TreeSet<>();
        routes.keySet().forEach(tp -> topics.add(tp.topic()));
        for (String topic : topics) {
            DependencyWait.untilAvailable("Container " + containerId + " of job " + stats.job(), "Kafka (the partitions"
                    + " of input topic " + topic + ")", backoff, io.clock(),
                    () -> stopping ? 0 : io.source().partitionCount(topic));
            if (stopping) {
                return false;
            }
        }
        return true;
    }

    /** Assigns the partitions, seeks every task to its checkpoint, and calls {@code init}. */
    public void start() {
        MDC.put("container", containerId);
        MDC.put("job", stats.job());
        io.source().assign(new ArrayList<>(routes.keySet()));
        for (TaskInstance task : tasks) {
            enter(task);
            task.seekToCheckpoint();
            task.init(config);
        }
        LOG.info("Container {} of job {} runs {} task(s) over {} partition(s).", containerId, stats.job(),
                tasks.size(), routes.size());
    }

    /**
     * Runs until a stop is requested, then commits every task and closes everything.
     *
     * @throws ContainerFailure or {@link FencedException} when the container must stop without committing
     */
    public void run() {
        boolean clean = false;
        try {
            if (!awaitInputs()) {
                throwIfAborted();
                clean = true;
                LOG.info("Container {} of job {} was asked to stop while it waited for Kafka; it stops.", containerId,
                        stats.job());
                return;
            }
            start();
            while (!stopping) {
                runOnce(MAX_POLL_MS, false);
            }
            throwIfAborted();
            commitAll();
            clean = true;
            LOG.info("Container {} of job {} committed every task and stops.", containerId, stats.job());
        } catch (FencedException e) {
            LOG.error("Container {} of job {}: another container has taken over one of its tasks ({}). This container"
                    + " is stale; it stops without committing.", containerId, stats.job(), e.getMessage());
            throw e;
        } finally {
            close(clean);
        }
    }

    private void throwIfAborted() {
        final String aborted = abortReason;
        if (aborted != null) {
            throw new ContainerFailure("Container " + containerId + " of job " + stats.job()
                    + " stops at once without committing: " + aborted, null);
        }
    }

    /**
     * One turn of the loop: poll (waiting at most {@code maxWaitMs}, less when a batch, window or
     * commit is due sooner), then process what is due.
     *
     * @param forceBatches hand over buffered records without waiting for {@code task.batch.wait.ms} (test kit)
     */
    public void runOnce(final long maxWaitMs, final boolean forceBatches) {
        long wait = forceBatches ? 0 : maxWaitMs;
        final long before = io.clock().millis();
        for (TaskInstance task : tasks) {
            wait = Math.min(wait, task.millisUntilDue(before));
        }
        io.source().poll(wait, distributor.at(io.clock()));
        stats.polled();
        long paused = 0;
        for (TaskInstance task : tasks) {
            enter(task);
            task.processDue(forceBatches);
            task.windowIfDue();
            task.commitIfDue();
            if (task.updateFlowControl()) {
                paused += task.partitions().size();
            }
            final long now = io.clock().millis();
            task.refreshLag(now);
            task.stats().tick(now);
        }
        stats.pausedPartitions(paused);
    }

    /** Asks the loop to stop: no new batches, commit every task, close. Safe from any thread. */
    public void requestStop() {
        stopping = true;
        for (TaskInstance task : tasks) {
            task.control().stop();
        }
        io.source().wakeup();
    }

    /**
     * Asks the loop to stop at once WITHOUT committing (the application master no longer recognises
     * this container, so another one may own its tasks); {@link #run} then throws a
     * {@link ContainerFailure} carrying {@code reason}. Safe from any thread.
     */
    public void abort(final String reason) {
        abortReason = reason;
        for (TaskInstance task : tasks) {
            task.control().abort(reason);
        }
        stopping = true;
        io.source().wakeup();
    }

    /** Why {@link #abort} was called; {@code null} when it was not. */
    public String abortReason() {
        return abortReason;
    }

    /** The tasks, for readers on other threads (heartbeat); only their thread-safe views may be used. */
    public List<TaskInstance> tasks() {
        return tasks;
    }

    /** Whether a stop was requested. */
    public boolean stopping() {
        return stopping;
    }

    /** Commits every task now. */
    public void commitAll() {
        for (TaskInstance task : tasks) {
            enter(task);
            task.commitNow();
        }
    }

    /** Records buffered but not yet processed, over all tasks. */
    public int buffered() {
        int n = 0;
        for (TaskInstance task : tasks) {
            n += task.buffer().size();
        }
        return n;
    }

    /** The next offset to process per partition. */
    public Map<TopicPartition, Long> positions() {
        final Map<TopicPartition, Long> result = new HashMap<>();
        for (TaskInstance task : tasks) {
            result.putAll(task.positions());
        }
        return result;
    }

    /** Closes the tasks (only after a clean stop), their stores, and the clients. */
    public void close(final boolean clean) {
        for (TaskInstance task : tasks) {
            enter(task);
            if (clean) {
                task.close();
            }
        }
        MDC.remove("task");
        mdcTask = null;
        try {
            io.source().close();
        } finally {
            io.output().close();
        }
    }

    private void enter(final TaskInstance task) {
        // The log pattern carries the task; switch the MDC only when the task changes.
        if (!task.name().equals(mdcTask)) {
            mdcTask = task.name();
            MDC.put("task", mdcTask);
        }
    }

    /**
     * What a polled record holds in memory, as {@code task.buffer.max.bytes} counts it: its key and value
     * (the sizes the consumer read, so no pass over headers on the hot path) and a fixed overhead.
     */
    static int sizeOf(final ConsumerRecord<byte[], byte[]> r) {
        return RECORD_OVERHEAD_BYTES + Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
    }

    /** The record object, its headers and the buffer's slots, roughly; small against any large record. */
    static final int RECORD_OVERHEAD_BYTES = 128;

    /** Appends polled records to their task's buffer; one instance, reused for every poll. */
    private final class Distributor implements RecordSource.Sink {

        private WallClock clock;

        Distributor at(final WallClock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public void accept(final TopicPartition partition, final List<ConsumerRecord<byte[], byte[]>> records) {
            final Route route = routes.get(partition);
            if (route == null) {
                LOG.warn("Container {} received records of {}, which none of its tasks owns; ignoring them.",
                        containerId, partition);
                return;
            }
            final long now = clock.millis();
            final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer = route.task().buffer();
            final int source = route.source();
            final int n = records.size();
            for (int i = 0; i < n; i++) {
                final ConsumerRecord<byte[], byte[]> r = records.get(i);
                buffer.add(r, source, now, sizeOf(r));
            }
        }
    }
}
