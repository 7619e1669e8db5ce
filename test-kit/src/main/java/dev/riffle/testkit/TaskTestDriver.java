package dev.riffle.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.container.task.TaskSettings;
import dev.riffle.runner.container.task.TopicSerdes;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.TaskReport;
import dev.riffle.runner.store.DefaultStores;
import dev.riffle.runner.store.TaskStores;
import dev.riffle.runner.store.memory.MemoryBackendFactory;
import dev.riffle.runner.testsupport.CapturingSink;
import dev.riffle.runner.testsupport.DeadLetterRecord;
import dev.riffle.runner.testsupport.InMemoryLog;
import dev.riffle.runner.testsupport.ManualClock;

/**
 * Runs a job's task synchronously, with no broker, for the job author's unit tests. It drives the
 * real run loop (batching, {@code window()}, commits, error policies, dead letters) over an in-memory
 * log, with a manual wall clock and in-memory stores:
 *
 * <pre>{@code
 * try (TaskTestDriver driver = TaskTestDriver.of(MyTask.class, Map.of("task.inputs", "visits"))) {
 *     driver.input("visits", 0, "v-1", "{...}").runUntilIdle();
 *     driver.advanceWallClock(Duration.ofSeconds(1));          // window() fires
 *     assertThat(driver.outputs("visitor-counts")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Every store of the configuration runs on the in-memory backend, whatever its factory says.
 * Inputs are serialised with the topic's serdes ({@code streams.<topic>.*}), outputs deserialised with
 * them. Not thread-safe.
 *
 * <p>A job adds the artifact {@code dev.riffle:riffle-test-kit} with test scope. Its API shows only
 * {@code dev.riffle.api} types, JDK types and this package's own ({@link DeadLetter},
 * {@link InputPartition}, {@link TaskMetricsSnapshot}); no Kafka or runtime type.
 */
public final class TaskTestDriver implements AutoCloseable {

    /** Where the manual clock starts: 2026-01-01T00:00:00Z. */
    public static final long START_MILLIS = 1_767_225_600_000L;

    private final JobConfig config;
    private final Supplier<?> newTask;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    private final InMemoryLog log = new InMemoryLog(500);
    private final CapturingSink sink = new CapturingSink();
    private final TopicSerdes serdes;
    private final TaskSettings settings;
    private final Map<Integer, TaskStores> stores = new HashMap<>();
    private int partitions = 1;
    private ContainerLoop loop;
    private boolean stopped;

    private TaskTestDriver(final Supplier<?> newTask, final Map<String, String> values) {
        final Map<String, String> all = new HashMap<>();
        all.put(RiffleConfig.JOB_NAME.name(), "test-job");
        all.put(RiffleConfig.KAFKA_BOOTSTRAP_SERVERS.name(), "127.0.0.1:9");
        all.put(RiffleConfig.TASK_CLASS.name(), "test-task");
        // Commits land before the driver returns, so a test sees their effect at once.
        all.put(RiffleConfig.TASK_COMMIT_BACKGROUND.name(), "false");
        all.putAll(values);
        // Every store in memory, in an instance of its own so drivers never share state.
        final String instance = UUID.randomUUID().toString();
        for (String key : List.copyOf(all.keySet())) {
            RiffleConfig.STORE_FACTORY.match(key).ifPresent(name -> {
                all.put(key, "memory");
                all.put(MemoryBackendFactory.INSTANCE.name(name), "testkit-" + instance + "-" + name);
            });
        }
        this.config = JobConfig.of(all);
        this.newTask = newTask;
        this.serdes = new TopicSerdes(config);
        this.settings = TaskSettings.from(config);
        for (String topic : config.get(RiffleConfig.TASK_INPUTS)) {
            log.createTopic(topic, partitions);
        }
    }

    /**
     * A driver for a task class (a new instance per task, through its no-argument constructor).
     *
     * @param config the job's keys; {@code task.inputs} is required, {@code job.name} defaults to
     *     {@code test-job}, and {@code systems.kafka.bootstrap.servers} is not used
     */
    public static TaskTestDriver of(final Class<?> taskClass, final Map<String, String> config) {
        final Map<String, String> values = new HashMap<>(config);
        values.putIfAbsent(RiffleConfig.TASK_CLASS.name(), taskClass.getName());
        return new TaskTestDriver(() -> {
            try {
                return taskClass.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("Cannot instantiate task " + taskClass.getName()
                        + " with its public no-argument constructor: " + e, e);
            }
        }, values);
    }

    /** A driver whose tasks come from {@code taskFactory} (called once per partition). */
    public static TaskTestDriver of(final Supplier<?> taskFactory, final Map<String, String> config) {
        return new TaskTestDriver(Objects.requireNonNull(taskFactory, "taskFactory"), config);
    }

    /** Runs {@code count} tasks (= partitions of every input topic); 1 by default. Call before any input. */
    public TaskTestDriver partitions(final int count) {
        if (loop != null) {
            throw new IllegalStateException("partitions(...) must be called before the first input or run");
        }
        this.partitions = count;
        for (String topic : config.get(RiffleConfig.TASK_INPUTS)) {
            log.createTopic(topic, count);
        }
        return this;
    }

    /** Appends a record to an input topic, serialised with the topic's serdes, timestamped with the clock. */
    public TaskTestDriver input(final String topic, final int partition, final Object key, final Object value) {
        final TopicSerdes.Pair pair = serdes.of(topic);
        return inputBytes(topic, partition, pair.key().toBytes(key), pair.value().toBytes(value));
    }

    /**
     * Appends a record of raw bytes (e.g. one the topic's serde cannot read) and runs one turn of the
     * loop, so full batches are processed at once and partial ones start their batch wait.
     */
    public TaskTestDriver inputBytes(final String topic, final int partition, final byte[] key, final byte[] value) {
        ensureStarted();
        log.append(topic, partition, key, value, clock.millis());
        if (!stopped) {
            // The record arrives now, as it would at a running container: its batch wait starts now.
            step(false);
        }
        return this;
    }

    /**
     * Processes every input so far: polls, hands the tasks their batches without waiting for
     * {@code task.batch.wait.ms}, and runs commits and windows that are due at the current time.
     */
    public TaskTestDriver runUntilIdle() {
        ensureStarted();
        int rounds = 0;
        while (!stopped && (log.unread() > 0 || loop.buffered() > 0 || rounds == 0)) {
            step(true);
            if (++rounds > 1_000_000) {
                throw new IllegalStateException("The task did not become idle after a million rounds of the loop");
            }
        }
        return this;
    }

    /**
     * Moves the wall clock forward, running the loop at each period boundary on the way, so that
     * {@code window()} fires once per {@code task.window.ms}, periodic commits happen, and partly
     * filled batches are handed over after {@code task.batch.wait.ms}.
     */
    public TaskTestDriver advanceWallClock(final Duration duration) {
        ensureStarted();
        long remaining = duration.toMillis();
        final long step = smallestPeriod();
        do {
            final long d = Math.min(step, remaining);
            clock.advance(Duration.ofMillis(d));
            remaining -= d;
            step(false);
        } while (remaining > 0 && !stopped);
        return this;
    }

    private long smallestPeriod() {
        long step = Long.MAX_VALUE;
        for (long period : new long[] {settings.windowMs(), settings.commitMs(), settings.batchWaitMs()}) {
            if (period > 0) {
                step = Math.min(step, period);
            }
        }
        return step;
    }

    /** Commits every task now (stores, output, offsets), as the runtime does every {@code task.commit.ms}. */
    public TaskTestDriver commit() {
        ensureStarted();
        if (!stopped) {
            loop.commitAll();
        }
        return this;
    }

    private void step(final boolean force) {
        loop.runOnce(0, force);
        if (loop.stopping() && !stopped) {
            // As the real container does after a task's shutdown(): commit every task, then close.
            stopped = true;
            loop.commitAll();
            loop.close(true);
        }
    }

    private void ensureStarted() {
        if (loop != null) {
            return;
        }
        final ContainerIo io = new ContainerIo(log, sink, log, clock);
        final DefaultStores factory = new DefaultStores();
        final Map<String, Integer> counts = new HashMap<>();
        for (String topic : config.get(RiffleConfig.TASK_INPUTS)) {
            counts.put(topic, partitions);
        }
        final ContainerModel model = JobModel.build(config.get(RiffleConfig.JOB_NAME), config.get(RiffleConfig.JOB_ID),
                config.get(RiffleConfig.TASK_INPUTS), counts, 1).container("0");
        loop = ContainerLoop.create(config, model, io, (c, name, partition) -> {
            final TaskStores s = factory.open(c, name, partition);
            stores.put(partition, s);
            return s;
        }, p -> newTask.get());
        loop.start();
    }

    /** The messages the tasks sent to {@code topic}, deserialised with the topic's serdes, in order. */
    public List<OutgoingMessage> outputs(final String topic) {
        final TopicSerdes.Pair pair = serdes.of(topic);
        final List<OutgoingMessage> result = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : sink.sentTo(topic)) {
            final Map<String, byte[]> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            result.add(new OutgoingMessage(topic, pair.key().fromBytes(r.key()), pair.value().fromBytes(r.value()),
                    r.partition(), headers));
        }
        return result;
    }

    /** The records sent to the dead-letter topic ({@code task.dead-letter.topic}), in order. */
    public List<DeadLetter> deadLetters() {
        return sink.sentTo(settings.deadLetterTopic()).stream().map(DeadLetterRecord::of)
                .map(d -> new DeadLetter(d.reason(), d.topic(), d.partition(), d.offset(), d.task(), d.error(),
                        d.key(), d.value()))
                .toList();
    }

    /** Store {@code name} of task 0, as the task sees it (including writes not yet committed). */
    public <K, V> KeyValueStore<K, V> store(final String name) {
        return store(name, 0);
    }

    /** Store {@code name} of the task owning {@code partition}. */
    public <K, V> KeyValueStore<K, V> store(final String name, final int partition) {
        ensureStarted();
        final TaskStores s = stores.get(partition);
        if (s == null) {
            throw noTaskFor(partition);
        }
        return s.store(name);
    }

    private IllegalArgumentException noTaskFor(final int partition) {
        return new IllegalArgumentException("No task owns partition " + partition + "; this driver runs "
                + partitions + " task(s) (see partitions(int))");
    }

    /**
     * The consumer-group offsets committed so far, by input partition, in order: the offset of the next
     * record to read. Empty when the tasks keep their offsets in a checkpoint store
     * ({@code task.checkpoint.store}).
     */
    public Map<InputPartition, Long> committedOffsets() {
        final Map<InputPartition, Long> result = new TreeMap<>();
        log.committedOffsets().forEach((tp, offset) -> result.put(new InputPartition(tp.topic(), tp.partition()), offset));
        return Collections.unmodifiableMap(result);
    }

    /** The metrics of the task owning {@code partition}, as they are now. */
    public TaskMetricsSnapshot metrics(final int partition) {
        ensureStarted();
        if (partition < 0 || partition >= partitions) {
            throw noTaskFor(partition);
        }
        final TaskStats stats = loop.stats().tasks().get(partition);
        final TaskReport report = stats.report(partition, Map.of());
        final Map<InputPartition, Long> lag = new HashMap<>();
        for (TaskReport.PartitionLag l : report.lag()) {
            lag.put(new InputPartition(l.topic(), l.partition()), l.lag());
        }
        return new TaskMetricsSnapshot(report.task(), report.records(), report.batches(), report.commits(),
                report.windows(), report.skipped(), report.retries(), report.deadLettered(),
                report.deadLetteredByReason(), lag, stats.counters(), stats.gauges());
    }

    /** Whether a task asked the container to shut down (the driver then committed and closed the tasks). */
    public boolean isStopped() {
        return stopped;
    }

    /** The current wall-clock time of the driver, epoch milliseconds. */
    public long wallClockMillis() {
        return clock.millis();
    }

    /** Closes the tasks ({@code ClosableTask.close()}) and their stores, without a commit. */
    @Override
    public void close() {
        if (loop != null && !stopped) {
            stopped = true;
            loop.close(true);
        }
    }
}
