package dev.riffle.runner.container.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.riffle.api.store.FencedException;
import dev.riffle.runner.container.task.ContainerLoopTest.CountingTask;
import dev.riffle.runner.container.task.LoopHarness;
import dev.riffle.runner.container.task.RecordingStores;

/**
 * {@code task.commit.background=true}: the checkpoint store's write runs on the commit thread while the
 * task goes on, one commit at a time, with the same protocol order and the same exactly-once outcome.
 */
@Timeout(60) // a commit that never lands would hang the loop, not fail it
class BackgroundCommitTest {

    private static final TopicPartition IN0 = new TopicPartition("in", 0);

    private static LoopHarness harness(final CountingTask task) {
        return new LoopHarness(task, Map.of("task.commit.ms", "1000", "task.batch.size", "3",
                "task.commit.background", "true", "task.error.policy", "skip"), true);
    }

    @Test
    void shouldProcessTheNextBatchWhileTheStoreWritesTheLastCommit() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        final CountDownLatch slowStore = new CountDownLatch(1);
        h.stores.writeGate = slowStore;
        h.input("a", "b", "c");
        h.loop.runOnce(0, true);
        h.clock.advance(Duration.ofSeconds(1));
        h.loop.runOnce(0, true); // the commit of a, b, c is sent and its write hangs

        h.input("d", "e", "f");
        h.loop.runOnce(0, true);

        assertThat(task.seen()).containsExactly("a", "b", "c", "d", "e", "f");
        // The second batch read the count from the commit still in flight.
        assertThat(h.stores.buffered).containsEntry("count", "6");
        assertThat(h.stores.durable).doesNotContainKey("count");
        assertThat(h.stores.checkpoint).isNull();

        slowStore.countDown();
        h.loop.commitAll();

        assertThat(h.stores.durable).containsEntry("count", "6");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 6L);
        assertThat(h.eventsStartingWith("stores.seal", "producer.flush", "stores.writeSealed", "stores.landed"))
                .containsExactly(
                        "stores.seal {in-0=3}", "producer.flush", "stores.writeSealed {in-0=3}", "stores.landed",
                        "stores.seal {in-0=6}", "producer.flush", "stores.writeSealed {in-0=6}", "stores.landed");
    }

    @Test
    void shouldNotRedoACommitThatLandedButReportedAFailure() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.stores.commitFailuresAfterLanding.add(RecordingStores.timedOut());
        h.input("a", "b", "c");
        h.loop.runOnce(0, true);

        h.loop.commitAll();

        assertThat(h.stores.durable).containsEntry("count", "3");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
        // Re-claimed after the failure, found its own offsets, and did not write again.
        assertThat(h.eventsStartingWith("stores.claim", "stores.writeSealed", "stores.landed")).containsExactly(
                "stores.claim", "stores.writeSealed {in-0=3}", "stores.claim", "stores.landed");

        h.input("d", "e", "f");
        h.loop.runOnce(0, true);
        h.loop.commitAll();

        assertThat(task.seen()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(h.stores.durable).containsEntry("count", "6");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 6L);
    }

    @Test
    void shouldWriteAgainACommitThatDidNotLand() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.stores.commitFailures.add(RecordingStores.timedOut());
        h.input("a", "b", "c");
        h.loop.runOnce(0, true);

        h.loop.commitAll();

        assertThat(h.eventsStartingWith("stores.claim", "stores.writeSealed", "stores.landed")).containsExactly(
                "stores.claim", "stores.writeSealed {in-0=3}", "stores.claim", "stores.writeSealed {in-0=3}",
                "stores.landed");
        assertThat(h.stores.durable).containsEntry("count", "3");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
    }

    @Test
    void shouldStopTheContainerWhenTheBackgroundCommitIsFenced() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.stores.commitFailures.add(new FencedException("store state holds generation 2, this container has 1"));
        h.input("a", "b", "c");
        h.loop.runOnce(0, true);

        assertThatThrownBy(h.loop::commitAll).isInstanceOf(FencedException.class)
                .hasMessageContaining("generation 2");
        assertThat(h.stores.durable).doesNotContainKey("count");
        assertThat(h.stores.checkpoint).isNull();
    }

    @Test
    void shouldLetAFailedBatchRewindToTheCommitInFlightOnceItLanded() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.input("a", "b", "c");
        h.loop.runOnce(0, true);
        h.clock.advance(Duration.ofSeconds(1));
        h.loop.runOnce(0, true); // commit of a, b, c in flight

        h.input("d", "bad", "f");
        for (int i = 0; i < 10 && task.seen().size() < 9; i++) {
            h.loop.runOnce(0, true);
        }
        h.loop.commitAll();

        // The failed batch rewound to offset 3 (the commit in flight, landed first), not to 0.
        assertThat(task.seen()).startsWith("a", "b", "c", "d", "bad");
        assertThat(task.seen().subList(3, task.seen().size())).doesNotContain("a", "b", "c");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 6L);
    }
    /**
     * The stores do not retry and the task's one retry layer has no deadline: an outage is ridden out for
     * as long as it lasts, the commit thread waiting the task's backoff (100 ms doubling to 5 s) between
     * attempts, and the commit lands once the store answers again.
     */
    @Test
    void shouldRideOutAStoreOutageOfAnyLengthOnTheCommitThreadWithTheTasksBackoff() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        for (int i = 0; i < 40; i++) {
            h.stores.commitFailures.add(RecordingStores.unreachable());
        }
        h.input("a", "b", "c");
        h.loop.runOnce(0, true);

        h.loop.commitAll();

        assertThat(h.eventsStartingWith("stores.writeSealed")).hasSize(41);
        // 100 + 200 + 400 + 800 + 1600 + 3200 ms, then 34 times the 5 s cap: about three minutes of outage.
        assertThat(h.clock.millis()).isGreaterThanOrEqualTo(176_300L);
        assertThat(h.stores.durable).containsEntry("count", "3");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
    }
}
