package dev.riffle.runner.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskBufferTest {

    @Test
    void shouldHandOverABatchWhenItReachesTheBatchSize() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(3, 50);
        buffer.add("a", 0, 1000);
        buffer.add("b", 0, 1000);
        assertThat(buffer.batchDue(1000)).isFalse();

        buffer.add("c", 0, 1000);

        assertThat(buffer.batchDue(1000)).isTrue();
        assertThat(buffer.nextBatchSize(Integer.MAX_VALUE)).isEqualTo(3);
    }

    @Test
    void shouldHandOverAPartialBatchOnceItsOldestRecordHasWaitedBatchWaitMs() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(500, 50);
        buffer.add("a", 0, 1000);
        buffer.add("b", 0, 1030);

        assertThat(buffer.batchDue(1049)).isFalse();
        assertThat(buffer.millisUntilDue(1020)).isEqualTo(30);
        assertThat(buffer.batchDue(1050)).isTrue();
        assertThat(buffer.nextBatchSize(Integer.MAX_VALUE)).isEqualTo(2);
    }

    @Test
    void shouldMeasureTheWaitFromTheOldestRemainingRecord() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(2, 50);
        buffer.add("a", 0, 1000);
        buffer.add("b", 0, 1000);
        buffer.add("c", 0, 1040);
        buffer.remove(2);

        assertThat(buffer.batchDue(1060)).isFalse();
        assertThat(buffer.batchDue(1090)).isTrue();
        assertThat(buffer.peek(0)).isEqualTo("c");
    }

    @Test
    void shouldNeverBeDueWhenEmpty() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(1, 0);

        assertThat(buffer.batchDue(Long.MAX_VALUE)).isFalse();
        assertThat(buffer.millisUntilDue(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldKeepArrivalOrderAndSourcesAcrossGrowth() {
        final TaskBuffer<Integer> buffer = new TaskBuffer<>(2, 10);
        for (int i = 0; i < 100; i++) {
            buffer.add(i, i % 3, 0);
            if (i % 10 == 9) {
                buffer.remove(3);
            }
        }

        assertThat(buffer.size()).isEqualTo(70);
        for (int j = 0; j < buffer.size(); j++) {
            assertThat(buffer.peek(j)).isEqualTo(30 + j);
            assertThat(buffer.sourceOf(j)).isEqualTo((30 + j) % 3);
        }
    }

    @Test
    void shouldAskToPauseAboveTwoBatchesAndToResumeBelowOne() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(10, 50);
        for (int i = 0; i < 20; i++) {
            buffer.add("r", 0, 0);
        }
        assertThat(buffer.shouldPause()).isFalse();
        buffer.add("r", 0, 0);
        assertThat(buffer.shouldPause()).isTrue();
        assertThat(buffer.mayResume()).isFalse();

        buffer.remove(12);

        assertThat(buffer.mayResume()).isTrue();
    }

    @Test
    void shouldRejectRemovingMoreThanItHolds() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(10, 50);
        buffer.add("a", 0, 0);

        assertThatThrownBy(() -> buffer.remove(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
