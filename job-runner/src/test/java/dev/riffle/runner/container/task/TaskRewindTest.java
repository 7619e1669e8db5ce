package dev.riffle.runner.container.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.api.BatchTask;
import dev.riffle.api.ClosableTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.store.KeyValueStore;

/**
 * A rewind throws a task back to its last commit: the store writes since then are dropped and the
 * records read again. A task that keeps, in memory, what it restored from the store in {@code init()}
 * (the visitor counter's window) must then start from the committed state too, or it counts the
 * records since the last commit twice: the runtime closes the task and initialises a new instance.
 */
class TaskRewindTest {

    /** Sums its records in a field restored from the store at init, as a task with an in-memory view does. */
    public static final class InMemorySumTask implements BatchTask, InitableTask, ClosableTask {
        static final List<InMemorySumTask> BUILT = new ArrayList<>();
        KeyValueStore<String, String> state;
        long sum;
        boolean closed;

        @Override
        public void init(final TaskContext context) {
            state = context.store("state");
            final String saved = state.get("sum");
            sum = saved == null ? 0 : Long.parseLong(saved);
        }

        @Override
        public void process(final List<IncomingMessage> batch, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
            // A read per batch, like the visitor counter's read of its visitors: where a store outage shows.
            state.get("probe");
            for (IncomingMessage m : batch) {
                sum += Long.parseLong((String) m.value());
            }
            state.put("sum", Long.toString(sum));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static LoopHarness harness(final List<InMemorySumTask> built) {
        return new LoopHarness(p -> {
            final InMemorySumTask task = new InMemorySumTask();
            built.add(task);
            return task;
        }, InMemorySumTask.class, Map.of("task.batch.size", "2", "task.commit.ms", "1000"), false, Map.of());
    }

    @Test
    void shouldRestartTheTaskFromTheCommittedStateWhenAStoreReadFailsAfterUncommittedBatches() {
        final List<InMemorySumTask> built = new ArrayList<>();
        final LoopHarness h = harness(built);
        h.input("1", "2");
        h.loop.runOnce(0, false);
        assertThat(built.get(0).sum).isEqualTo(3);
        assertThat(h.stores.durable).doesNotContainKey("sum");

        // The next batch cannot read the store: the task goes back to its last commit (nothing yet).
        h.stores.readFailures.add(RecordingStores.unreachable());
        h.input("4", "8");
        for (int i = 0; i < 5; i++) {
            h.loop.runOnce(0, false);
        }
        h.clock.sleep(1000);
        h.loop.runOnce(0, false);

        assertThat(h.stores.durable).containsEntry("sum", "15");
        assertThat(h.committed()).isEqualTo(4);
        assertThat(built).hasSize(2);
        assertThat(built.get(0).closed).isTrue();
        assertThat(built.get(1).sum).isEqualTo(15);
    }

    @Test
    void shouldRestartTheTaskFromTheCommittedStateWhenItIsolatesAFailingBatch() {
        final List<InMemorySumTask> built = new ArrayList<>();
        final LoopHarness h = harness(built);
        h.input("1", "2");
        h.loop.runOnce(0, false);
        h.clock.sleep(1000);
        h.loop.runOnce(0, false);
        assertThat(h.stores.durable).containsEntry("sum", "3");
        h.input("4", "8", "x", "16");
        for (int i = 0; i < 10; i++) {
            h.loop.runOnce(0, false);
        }
        h.clock.sleep(1000);
        h.loop.runOnce(0, false);

        // "x" is not a number: isolated and dead-lettered; every other record counted once.
        assertThat(h.stores.durable).containsEntry("sum", "31");
        assertThat(h.committed()).isEqualTo(6);
        assertThat(h.sent.sentTo("unit-dead-letters")).hasSize(1);
    }
}
