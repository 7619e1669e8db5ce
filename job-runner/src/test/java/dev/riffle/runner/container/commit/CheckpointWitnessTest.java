package dev.riffle.runner.container.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.task.ContainerLoopTest.CountingTask;
import dev.riffle.runner.container.task.LoopHarness;

/**
 * A checkpoint store that lost a task's state is told from a first start by the offsets the task copied to
 * the job's Kafka group from its landed checkpoints; {@code task.state.lost} decides what happens then.
 */
class CheckpointWitnessTest {

    private static final TopicPartition IN0 = new TopicPartition("in", 0);

    @Test
    void shouldStopWithADiagnosticWhenTheGroupWitnessesACheckpointTheStoreNoLongerHolds() {
        assertThatThrownBy(() -> new LoopHarness(new CountingTask(), Map.of("task.commit.ms", "0"), true,
                Map.of(IN0, 5L)))
                .isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("Task Partition 0 of job unit-1 found no checkpoint in its checkpoint store")
                .hasMessageContaining("offsets {in-0=5}")
                .hasMessageContaining("the store lost the task's state")
                .hasMessageContaining("task.state.lost=reprocess");
    }

    @Test
    void shouldStartOverFromTheBeginningWhenTheOperatorChoseReprocess() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "0", "task.batch.size", "3",
                "task.state.lost", "reprocess"),
                true, Map.of(IN0, 5L));
        h.input("a", "b", "c");

        h.loop.runOnce(0, false);

        // Not from the group's offset 5: every record of the partition is counted again.
        assertThat(task.seen()).containsExactly("a", "b", "c");
        assertThat(h.stores.checkpoint).containsEntry(IN0, 3L);
    }

    @Test
    void shouldStartAtTheBeginningWithoutFailingOnAFirstStart() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "0", "task.batch.size", "2"), true);
        h.input("a", "b");

        h.loop.runOnce(0, false);

        assertThat(task.seen()).containsExactly("a", "b");
    }

    @Test
    void shouldCopyOnlyLandedCheckpointsToTheGroupOnceTheyMovedAndTheIntervalPassed() {
        final CountingTask task = new CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.commit.ms", "0", "task.batch.size", "2"), true);
        assertThat(h.log.commits()).as("group commits before any checkpoint").isEmpty();
        h.input("a", "b");

        h.loop.runOnce(0, false);
        assertThat(h.eventsStartingWith("stores.commitCheckpoint", "offsets.commit"))
                .containsExactly("stores.commitCheckpoint {in-0=2}", "offsets.commit {in-0=2}");

        h.input("c", "d");
        h.loop.runOnce(0, false);
        assertThat(h.stores.checkpoint).containsEntry(IN0, 4L);
        assertThat(h.log.commits()).as("no copy before the interval has passed").containsExactly(Map.of(IN0, 2L));

        h.clock.advance(Duration.ofMillis(CheckpointWitness.MIN_INTERVAL_MS));
        h.loop.runOnce(0, false);
        assertThat(h.log.commits()).as("the moved checkpoint, once the interval passed")
                .containsExactly(Map.of(IN0, 2L), Map.of(IN0, 4L));

        h.clock.advance(Duration.ofMillis(CheckpointWitness.MIN_INTERVAL_MS));
        h.loop.runOnce(0, false);
        assertThat(h.log.commits()).as("no copy of a checkpoint that did not move").hasSize(2);

        h.clock.advance(Duration.ofMillis(CheckpointWitness.PERIOD_MS));
        h.loop.runOnce(0, false);
        assertThat(h.log.commits()).as("the refresh every period, moved or not")
                .containsExactly(Map.of(IN0, 2L), Map.of(IN0, 4L), Map.of(IN0, 4L));
    }
}
