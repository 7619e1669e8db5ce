package dev.riffle.runner.container.task;

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
    void shouldAskToPauseAboveTheByteBoundAndToResumeAtHalfOfIt() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(500, 50, 10_000);
        for (int i = 0; i < 3; i++) {
            buffer.add("large", 0, 0, 3_000);
        }
        assertThat(buffer.shouldPause()).as("9,000 bytes in 3 records").isFalse();
        buffer.add("large", 0, 0, 3_000);
        assertThat(buffer.bytes()).isEqualTo(12_000);
        assertThat(buffer.shouldPause()).as("3 records, far below two batches, but 12,000 bytes").isTrue();

        buffer.remove(1);
        assertThat(buffer.mayResume()).as("9,000 bytes is more than half the bound").isFalse();
        buffer.remove(2);
        assertThat(buffer.bytes()).isEqualTo(3_000);
        assertThat(buffer.mayResume()).isTrue();
        assertThat(buffer.peakBytes()).isEqualTo(12_000);
    }

    @Test
    void shouldHandOverABatchAtOnceWhenTheByteBoundIsReached() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(500, 1_000, 10_000);
        buffer.add("a", 0, 0, 6_000);
        assertThat(buffer.batchDue(0)).isFalse();
        assertThat(buffer.millisUntilDue(0)).isEqualTo(1_000);
        buffer.add("b", 0, 0, 4_000);
        assertThat(buffer.batchDue(0)).isTrue();
        assertThat(buffer.millisUntilDue(0)).isZero();
    }

    @Test
    void shouldCountBytesAcrossGrowthAndForgetThemOnClear() {
        final TaskBuffer<Integer> buffer = new TaskBuffer<>(2, 10, 1_000_000);
        for (int i = 0; i < 100; i++) {
            buffer.add(i, 0, 0, 10);
        }
        buffer.remove(30);
        assertThat(buffer.bytes()).isEqualTo(700);
        buffer.clear();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.peakBytes()).isEqualTo(1_000);
    }

    @Test
    void shouldRejectRemovingMoreThanItHolds() {
        final TaskBuffer<String> buffer = new TaskBuffer<>(10, 50);
        buffer.add("a", 0, 0);

        assertThatThrownBy(() -> buffer.remove(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
