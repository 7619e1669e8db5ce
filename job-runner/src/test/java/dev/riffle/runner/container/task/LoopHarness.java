package dev.riffle.runner.container.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.io.OffsetCommitter;
import dev.riffle.runner.container.io.OutputSink;
import dev.riffle.runner.testsupport.CapturingSink;
import dev.riffle.runner.testsupport.InMemoryLog;
import dev.riffle.runner.testsupport.ManualClock;

/**
 * A container loop over in-memory fakes, for unit tests of the runtime: input topic {@code in} with
 * one partition, a manual clock, a recording store and producer, and one event list that records
 * stores, producer and offset calls in order.
 */
public final class LoopHarness {

    /** Synchronized: a background commit records its steps from the commit thread. */
    public final List<String> events = Collections.synchronizedList(new ArrayList<>());
    public final ManualClock clock = new ManualClock(0);
    public final InMemoryLog log = new InMemoryLog(500);
    public final CapturingSink sent = new CapturingSink();
    public final RecordingStores stores;
    public final ContainerLoop loop;

    public LoopHarness(final Object task, final Map<String, String> overrides) {
        this(task, overrides, false);
    }

    public LoopHarness(final Object task, final Map<String, String> overrides, final boolean checkpointStore) {
        this(task, overrides, checkpointStore, Map.of());
    }

    /** @param groupOffsets offsets of input {@code in}, partition 0, committed to the group before the loop starts */
    public LoopHarness(final Object task, final Map<String, String> overrides, final boolean checkpointStore,
                final Map<TopicPartition, Long> groupOffsets) {
        this(p -> task, task.getClass(), overrides, checkpointStore, groupOffsets);
    }

    /**
     * @param newTask builds the task of a partition: once at start, and again after each rewind, as
     *     {@link TaskFactory} does in a container
     */
    LoopHarness(final IntFunction<Object> newTask, final Class<?> taskClass, final Map<String, String> overrides,
                final boolean checkpointStore, final Map<TopicPartition, Long> groupOffsets) {
        final Map<String, String> values = new HashMap<>(Map.of(
                "job.name", "unit",
                "task.class", taskClass.getName(),
                "task.inputs", "in",
                "systems.kafka.bootstrap.servers", "127.0.0.1:9",
                "task.batch.wait.ms", "50",
                // The commit protocol step by step on the loop's thread; BackgroundCommitTest turns it on.
                "task.commit.background", "false"));
        if (checkpointStore) {
            values.put("task.checkpoint.store", "state");
        }
        values.putAll(overrides);
        final JobConfig config = JobConfig.of(values);
        log.createTopic("in", 1);
        if (!groupOffsets.isEmpty()) {
            log.commit(groupOffsets);
        }
        stores = new RecordingStores(events, checkpointStore);
        final OutputSink output = new OutputSink() {
            @Override
            public void send(final ProducerRecord<byte[], byte[]> record) {
                events.add("producer.send " + record.topic());
                sent.send(record);
            }

            @Override
            public void flush() {
                events.add("producer.flush");
                sent.flush();
            }

            @Override
            public void close() {
            }
        };
        final OffsetCommitter committer = offsets -> {
            events.add("offsets.commit " + RecordingStores.toStrings(offsets));
            log.commit(offsets);
        };
        loop = ContainerLoop.create(config, "0", Map.of(0, List.of(new TopicPartition("in", 0))),
                new ContainerIo(log, output, committer, clock), (c, name, p) -> stores, newTask);
        loop.start();
    }

    public void input(final String... values) {
        for (String v : values) {
            log.append("in", 0, null, v.getBytes(StandardCharsets.UTF_8), clock.millis());
        }
    }

    /** Events of the given kinds only, in order. */
    public List<String> eventsStartingWith(final String... prefixes) {
        final List<String> result = new ArrayList<>();
        for (String e : List.copyOf(events)) {
            for (String p : prefixes) {
                if (e.startsWith(p)) {
                    result.add(e);
                    break;
                }
            }
        }
        return result;
    }

    public long committed() {
        return log.committedOffsets().getOrDefault(new TopicPartition("in", 0), -1L);
    }

    public static String utf8(final byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
