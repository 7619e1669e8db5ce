package dev.riffle.runner.container.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.riffle.api.BatchTask;
import dev.riffle.api.ClosableTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.WindowableTask;
import dev.riffle.api.store.KeyValueStore;

public class ContainerLoopTest {

    /** Counts records in store "state" under key "count", echoes each value to "out", records batches. */
    public static class CountingTask implements BatchTask, InitableTask, WindowableTask, ClosableTask {
        public final List<List<String>> batches = new ArrayList<>();
        public int windows;
        public boolean closed;
        public KeyValueStore<String, String> state;
        public String commitOn;
        public String shutdownOn;

        @Override
        public void init(final TaskContext context) {
            state = context.store("state");
        }

        @Override
        public void process(final List<IncomingMessage> batch, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
            final List<String> values = new ArrayList<>();
            for (IncomingMessage m : batch) {
                values.add((String) m.value());
            }
            batches.add(values);
            final String before = state.get("count");
            long count = before == null ? 0 : Long.parseLong(before);
            for (String v : values) {
                count++;
                state.put("count", Long.toString(count));
                collector.send(new OutgoingMessage("out", null, v));
                if (v.equals("bad")) {
                    throw new IllegalArgumentException("cannot handle value 'bad'");
                }
                if (v.equals(commitOn)) {
                    coordinator.commit();
                }
                if (v.equals(shutdownOn)) {
                    coordinator.shutdown();
                }
            }
        }

        @Override
        public void window(final MessageCollector collector, final TaskCoordinator coordinator) {
            windows++;
        }

        @Override
        public void close() {
            closed = true;
        }

        public List<String> seen() {
            final List<String> all = new ArrayList<>();
            batches.forEach(all::addAll);
            return all;
        }
    }

    @Test
    void shouldHandOverFullBatchesAtOnceAndTheRestAfterTheBatchWait() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "3", "task.batch.wait.ms", "1000"));
        h.input("a", "b", "c", "d", "e", "f", "g");

        h.loop.runOnce(0, false);
        assertThat(task.batches).containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"));

        h.clock.sleep(999);
        h.loop.runOnce(0, false);
        assertThat(task.batches).hasSize(2);

        h.clock.sleep(1);
        h.loop.runOnce(0, false);
        assertThat(task.batches).containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g"));
    }

    @Test
    void shouldGiveAStreamTaskEveryRecordOnceInOffsetOrder() {
        final List<Long> offsets = new ArrayList<>();
        final StreamTask task = (m, c, k) -> offsets.add(m.offset());
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "4"));
        for (int i = 0; i < 10; i++) {
            h.input("v" + i);
        }

        h.loop.runOnce(0, false);
        h.clock.sleep(50);
        h.loop.runOnce(0, false);

        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void shouldCallWindowEveryWindowMsOfWallClockEvenWithoutInput() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.window.ms", "1000"));

        h.clock.sleep(999);
        h.loop.runOnce(0, false);
        assertThat(task.windows).isZero();

        h.clock.sleep(1);
        h.loop.runOnce(0, false);
        h.loop.runOnce(0, false);
        assertThat(task.windows).isEqualTo(1);

        h.clock.sleep(1000);
        h.loop.runOnce(0, false);
        assertThat(task.windows).isEqualTo(2);
        assertThat(task.batches).isEmpty();
    }

    @Test
    void shouldNeverCallWindowWhenWindowMsIsMinusOne() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of());

        h.clock.sleep(3_600_000);
        h.loop.runOnce(0, false);

        assertThat(task.windows).isZero();
    }

    @Test
    void shouldFlushStoresThenProducerBeforeRecordingOffsets() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "0", "task.batch.size", "2"));
        h.input("a", "b");

        h.loop.runOnce(0, false);

        assertThat(h.eventsStartingWith("stores.flush", "producer.flush", "offsets.commit"))
                .containsExactly("stores.flush", "producer.flush", "offsets.commit {in-0=2}");
        assertThat(h.stores.durable).containsEntry("count", "2");
    }

    @Test
    void shouldWriteTheCheckpointAtomicallyWithStateWhenTheTaskHasACheckpointStore() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "0", "task.batch.size", "2"), true);
        h.input("a", "b");

        h.loop.runOnce(0, false);

        // The group gets the offsets only once their checkpoint has landed: evidence of it (CheckpointWitness).
        assertThat(h.eventsStartingWith("stores.", "producer.flush", "offsets.commit"))
                .containsExactly("stores.claim", "stores.flush", "producer.flush", "stores.commitCheckpoint {in-0=2}",
                        "offsets.commit {in-0=2}");
    }

    @Test
    void shouldCommitEveryCommitMsAndNotBefore() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "1000", "task.batch.size", "2"));
        h.input("a", "b");

        h.loop.runOnce(0, false);
        assertThat(h.committed()).isEqualTo(-1);

        h.clock.sleep(1000);
        h.loop.runOnce(0, false);
        assertThat(h.committed()).isEqualTo(2);
    }

    @Test
    void shouldCommitRightAfterTheCallWhenTheTaskAsks() {
        final CountingTask task = new CountingTask();
        task.commitOn = "b";
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "60000", "task.batch.size", "2"));
        h.input("a", "b");

        h.loop.runOnce(0, false);

        assertThat(h.committed()).isEqualTo(2);
    }

    @Test
    void shouldCommitEveryTaskAndCloseThemWhenATaskAsksForShutdown() {
        final CountingTask task = new CountingTask();
        task.shutdownOn = "b";
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "60000", "task.batch.size", "2"));
        h.input("a", "b", "c", "d");

        h.loop.run();

        assertThat(task.seen()).containsExactly("a", "b");
        assertThat(h.committed()).isEqualTo(2);
        assertThat(task.closed).isTrue();
    }

    @Test
    void shouldHandOverLargeRecordsOnceTheyReachTaskBufferMaxBytesWithoutWaitingForTheBatch() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.wait.ms", "60000", "task.buffer.max.bytes", "10000"));
        final String large = "x".repeat(3_000);
        h.input(large);
        h.loop.runOnce(0, false);
        assertThat(task.seen()).as("one record of 3,000 bytes waits for its batch").isEmpty();

        h.input(large, large, large);
        h.loop.runOnce(0, false);
        assertThat(task.seen()).hasSize(4);
        assertThat(h.loop.stats().tasks().get(0).bufferedBytesPeak())
                .isEqualTo(4 * (3_000 + ContainerLoop.RECORD_OVERHEAD_BYTES));
    }

    @Test
    void shouldPausePartitionsOfATaskThatFallsBehindAndResumeThemOnceDrained() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "2"));
        for (int i = 0; i < 100; i++) {
            h.input("v" + i);
        }

        h.loop.runOnce(0, false);
        assertThat(h.log.isPaused(new TopicPartition("in", 0))).isTrue();

        for (int i = 0; i < 30 && h.loop.buffered() > 0; i++) {
            h.loop.runOnce(0, false);
        }
        assertThat(h.log.isPaused(new TopicPartition("in", 0))).isFalse();
        assertThat(task.seen()).hasSize(100).startsWith("v0", "v1").endsWith("v98", "v99");
    }
}
