package dev.riffle.runner.container.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.task.ContainerLoopTest.CountingTask;
import dev.riffle.runner.container.task.LoopHarness;
import dev.riffle.runner.container.task.RecordingStores;

/** A checkpoint commit whose outcome is unknown is settled by asking the store, never by guessing. */
class CheckpointReconcilerTest {

    private static final TopicPartition IN0 = new TopicPartition("in", 0);

    private static LoopHarness harness(final CountingTask task) {
        return new LoopHarness(task, Map.of("task.commit.ms", "0", "task.batch.size", "3"), true);
    }

    @Test
    void shouldNotCountABatchTwiceWhenItsCommitLandedButReportedAFailure() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.stores.commitFailuresAfterLanding.add(RecordingStores.timedOut());
        h.input("a", "b", "c");

        h.loop.runOnce(0, false);

        assertThat(h.stores.durable).containsEntry("count", "3");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
        // Re-claimed after the failure, found its own offsets, and neither resent nor redid the batch.
        assertThat(h.eventsStartingWith("stores.claim", "stores.commitCheckpoint")).containsExactly(
                "stores.claim", "stores.commitCheckpoint {in-0=3}", "stores.claim");
        assertThat(h.stores.buffered).isEmpty();

        h.input("d", "e", "f");
        for (int i = 0; i < 5 && task.seen().size() < 6; i++) {
            h.loop.runOnce(0, false);
        }

        assertThat(task.seen()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(h.stores.durable).containsEntry("count", "6");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 6L);
        assertThat(h.loop.stats().snapshot()).containsEntry("records", 6L);
    }

    @Test
    void shouldCommitAgainWhenTheFailedCommitDidNotLand() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.stores.commitFailures.add(RecordingStores.timedOut());
        h.input("a", "b", "c");

        h.loop.runOnce(0, false);

        assertThat(h.eventsStartingWith("stores.claim", "stores.commitCheckpoint")).containsExactly(
                "stores.claim", "stores.commitCheckpoint {in-0=3}", "stores.claim", "stores.commitCheckpoint {in-0=3}");
        assertThat(task.seen()).containsExactly("a", "b", "c");
        assertThat(h.stores.durable).containsEntry("count", "3");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
    }

    @Test
    void shouldRestartTheContainerWhenTheStoreHoldsACheckpointNeitherCommitCarried() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        // The failed commit does not land, and the store holds offsets this task never committed.
        h.stores.checkpoint = Map.of(IN0, 42L);
        h.stores.commitFailures.add(RecordingStores.timedOut());
        h.input("a", "b", "c");

        assertThatThrownBy(() -> h.loop.runOnce(0, false))
                .isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("Task Partition 0 found checkpoint {in-0=42}")
                .hasMessageContaining("The store is authoritative");
        assertThat(h.stores.durable).doesNotContainKey("count");
    }

    @Test
    void shouldRestartTheContainerWhenTheStoreLostTheCheckpointItHadCommitted() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.input("a", "b", "c");
        h.loop.runOnce(0, false);
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
        h.stores.checkpoint = null; // the store came back empty
        h.stores.commitFailures.add(RecordingStores.timedOut());
        h.input("d", "e", "f");

        assertThatThrownBy(() -> h.loop.runOnce(0, false))
                .isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("found no checkpoint in its checkpoint store after a failed commit")
                .hasMessageContaining("the store lost data");
    }

    @Test
    void shouldSendTheCommitAgainWhenTheStoresFailedToFlush() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task);
        h.stores.flushFailures.add(RecordingStores.unreachable());
        h.input("a", "b", "c");

        h.loop.runOnce(0, false);

        final List<String> calls = new ArrayList<>(h.eventsStartingWith("stores.claim", "stores.commitCheckpoint"));
        // Settled like a failed checkpoint commit: the store still holds no checkpoint, so the commit is sent.
        assertThat(calls).containsExactly("stores.claim", "stores.claim", "stores.commitCheckpoint {in-0=3}");
        assertThat(h.stores.durable).containsEntry("count", "3");
    }
}
