package dev.riffle.runner.container.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class IsolationRangeTest {

    private final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer = new TaskBuffer<>(10, 50);

    private void add(final int source, final long offset) {
        buffer.add(new ConsumerRecord<>("in" + source, 0, offset, null, null), source, 0);
    }

    @Test
    void shouldProcessTheRecordsBeforeTheFirstFailedOneThenEachFailedOneAlone() {
        final IsolationRange isolation = new IsolationRange(2);
        add(0, 10);
        add(1, 20);
        add(0, 11);
        add(1, 21);
        isolation.markSlot(buffer, 2); // in0@11
        isolation.markSlot(buffer, 3); // in1@21

        assertThat(isolation.active()).isTrue();
        assertThat(isolation.nextBatchSize(buffer)).as("in0@10 and in1@20, before the range").isEqualTo(2);
        buffer.remove(2);
        assertThat(isolation.nextBatchSize(buffer)).as("in0@11 alone").isEqualTo(1);
        buffer.remove(1);
        assertThat(isolation.nextBatchSize(buffer)).as("in1@21 alone").isEqualTo(1);
        assertThat(isolation.passedBy(new long[] {12, 21})).as("in1@21 not processed yet").isFalse();
        assertThat(isolation.passedBy(new long[] {12, 22})).isTrue();
        assertThat(isolation.active()).isFalse();
    }

    @Test
    void shouldIsolateEveryRecordOfABatchThatFailedAsAWhole() {
        final IsolationRange isolation = new IsolationRange(1);
        add(0, 5);
        add(0, 6);
        add(0, 7);
        isolation.markFirst(buffer, 2);

        assertThat(isolation.contains(0, 5)).isTrue();
        assertThat(isolation.contains(0, 6)).isTrue();
        assertThat(isolation.contains(0, 7)).isFalse();
        assertThat(isolation.nextBatchSize(buffer)).isEqualTo(1);
    }
}
