package dev.riffle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.api.BatchTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.TaskMetrics;
import dev.riffle.api.WindowableTask;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.container.errors.DeadLetters;

class TaskTestDriverTest {

    /** Counts events per key in store "counts", echoes keys upper-cased, reports the number of keys on window(). */
    public static final class KeyCounter implements StreamTask, InitableTask, WindowableTask {
        private KeyValueStore<String, String> counts;
        private final List<String> keys = new ArrayList<>();

        @Override
        public void init(final TaskContext context) {
            counts = context.store("counts");
        }

        @Override
        public void process(final IncomingMessage message, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
            final String key = (String) message.key();
            final String before = counts.get(key);
            counts.put(key, Long.toString(before == null ? 1 : Long.parseLong(before) + 1));
            if (before == null) {
                keys.add(key);
            }
            collector.send(new OutgoingMessage("echo", key, key.toUpperCase()));
            if ("shutdown".equals(message.value())) {
                coordinator.shutdown();
            }
        }

        @Override
        public void window(final MessageCollector collector, final TaskCoordinator coordinator) {
            collector.send(new OutgoingMessage("key-counts", null, Integer.toString(keys.size())));
        }
    }

    private static Map<String, String> config() {
        return Map.of("task.inputs", "events", "stores.counts.factory", "redis", "task.window.ms", "1000");
    }

    @Test
    void shouldCaptureOutputsInOrder() {
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config())) {
            driver.input("events", 0, "a", "x").input("events", 0, "b", "y").input("events", 0, "a", "z").runUntilIdle();

            assertThat(driver.outputs("echo")).extracting(OutgoingMessage::value).containsExactly("A", "B", "A");
        }
    }

    @Test
    void shouldKeepStateInAnInMemoryStoreWhateverTheConfiguredBackend() {
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config())) {
            driver.input("events", 0, "a", "x").input("events", 0, "b", "y").input("events", 0, "a", "z").runUntilIdle();

            assertThat(driver.<String, String>store("counts").get("a")).isEqualTo("2");
            assertThat(driver.<String, String>store("counts").get("b")).isEqualTo("1");
        }
    }

    @Test
    void shouldCallWindowOncePerWindowMsOfAdvancedWallClockWithoutInput() {
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config())) {
            driver.advanceWallClock(Duration.ofMillis(999));
            assertThat(driver.outputs("key-counts")).isEmpty();

            driver.advanceWallClock(Duration.ofMillis(2001));

            assertThat(driver.outputs("key-counts")).extracting(OutgoingMessage::value).containsExactly("0", "0", "0");
        }
    }

    @Test
    void shouldHandOverAPartialBatchOnlyAfterTheBatchWait() {
        final List<Integer> batchSizes = new ArrayList<>();
        final BatchTask task = (batch, collector, coordinator) -> batchSizes.add(batch.size());
        try (TaskTestDriver driver = TaskTestDriver.of(() -> task, Map.of("task.inputs", "events",
                "task.batch.size", "10", "task.batch.wait.ms", "50"))) {
            driver.input("events", 0, "a", "1").input("events", 0, "b", "2").input("events", 0, "c", "3");

            driver.advanceWallClock(Duration.ofMillis(49));
            assertThat(batchSizes).isEmpty();

            driver.advanceWallClock(Duration.ofMillis(1));
            assertThat(batchSizes).containsExactly(3);
        }
    }

    @Test
    void shouldDeadLetterAnUndeserialisableRecordAndProcessTheNextOne() {
        final List<Object> seen = new ArrayList<>();
        final StreamTask task = (m, c, k) -> seen.add(m.value());
        try (TaskTestDriver driver = TaskTestDriver.of(() -> task, Map.of("task.inputs", "events",
                "streams.events.msg.serde", "long"))) {
            driver.input("events", 0, "a", 1L)
                    .inputBytes("events", 0, null, "three bytes".getBytes(StandardCharsets.UTF_8))
                    .input("events", 0, "c", 3L)
                    .runUntilIdle();

            assertThat(seen).containsExactly(1L, 3L);
            assertThat(driver.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(DeadLetters.REASON_DESERIALIZATION);
                assertThat(d.offset()).isEqualTo(1);
                assertThat(d.valueAsString()).isEqualTo("three bytes");
            });
            assertThat(driver.metrics(0).deadLettered()).isEqualTo(1);
            assertThat(driver.metrics(0).deadLetteredByReason()).containsExactly(entry(DeadLetters.REASON_DESERIALIZATION, 1L));
        }
    }

    @Test
    void shouldRunOneTaskPerPartitionWithStoresOfTheirOwn() {
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config()).partitions(2)) {
            driver.input("events", 0, "a", "x").input("events", 1, "a", "y").input("events", 1, "a", "z").runUntilIdle();

            assertThat(driver.<String, String>store("counts", 0).get("a")).isEqualTo("1");
            assertThat(driver.<String, String>store("counts", 1).get("a")).isEqualTo("2");
        }
    }

    @Test
    void shouldCommitOffsetsWhenAskedAndStopOnShutdown() {
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config())) {
            driver.input("events", 0, "a", "x").runUntilIdle().commit();
            assertThat(driver.committedOffsets()).containsEntry(new InputPartition("events", 0), 1L);

            driver.input("events", 0, "b", "shutdown").input("events", 0, "c", "never").runUntilIdle();

            assertThat(driver.isStopped()).isTrue();
            assertThat(driver.committedOffsets()).containsEntry(new InputPartition("events", 0), 2L);
            assertThat(driver.outputs("echo")).extracting(OutgoingMessage::value).containsExactly("A", "B");
        }
    }

    @Test
    void shouldRecordOffsetsInTheCheckpointStoreInsteadOfTheGroupWhenConfigured() {
        final Map<String, String> config = new HashMap<>(config());
        config.put("task.checkpoint.store", "counts");
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config)) {
            driver.input("events", 0, "a", "x").input("events", 0, "a", "y").runUntilIdle().commit();

            assertThat(driver.committedOffsets()).isEmpty();
            assertThat(driver.<String, String>store("counts").get("a")).isEqualTo("2");
            assertThat(driver.metrics(0).commits()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportTheLagOfEachPartitionInTheTaskMetrics() {
        try (TaskTestDriver driver = TaskTestDriver.of(KeyCounter.class, config())) {
            driver.input("events", 0, "a", "x").input("events", 0, "b", "y").runUntilIdle();
            driver.advanceWallClock(Duration.ofSeconds(1));

            final TaskMetricsSnapshot metrics = driver.metrics(0);
            assertThat(metrics.lag()).containsExactly(entry(new InputPartition("events", 0), 0L));
            assertThat(metrics.records()).isEqualTo(2);
            assertThat(metrics.task()).isEqualTo("Partition 0");
        }
    }

    /** Counts records in a task-defined counter and keeps the last value as a gauge. */
    public static final class Measuring implements StreamTask, InitableTask {
        private TaskMetrics metrics;

        @Override
        public void init(final TaskContext context) {
            metrics = context.metrics();
        }

        @Override
        public void process(final IncomingMessage message, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
            metrics.increment("seen", 1);
            metrics.gauge("last", Long.parseLong((String) message.value()));
        }
    }

    @Test
    void shouldShowTheTaskDefinedCountersAndGaugesInTheMetricsOfItsPartitionOnly() {
        try (TaskTestDriver driver = TaskTestDriver.of(Measuring.class, Map.of("task.inputs", "events")).partitions(2)) {
            driver.input("events", 1, "a", "7").input("events", 1, "b", "5").runUntilIdle();

            assertThat(driver.metrics(1).counter("seen")).isEqualTo(2);
            assertThat(driver.metrics(1).gauges()).containsExactly(entry("last", 5L));
            assertThat(driver.metrics(0).counter("seen")).isZero();
            assertThat(driver.metrics(0).counters()).isEmpty();
        }
    }
}
