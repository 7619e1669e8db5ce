package dev.riffle.runner.container.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.container.io.OffsetCommitter;
import dev.riffle.runner.container.io.OutputSink;
import dev.riffle.runner.container.task.RecordingStores;

class CommitProtocolTest {

    private final List<String> events = new ArrayList<>();
    private final OutputSink producer = new OutputSink() {
        @Override
        public void send(final ProducerRecord<byte[], byte[]> record) {
            events.add("producer.send");
        }

        @Override
        public void flush() {
            events.add("producer.flush");
        }

        @Override
        public void close() {
        }
    };
    private final OffsetCommitter committer = offsets -> events.add("offsets.commit " + RecordingStores.toStrings(offsets));
    private final Map<TopicPartition, Long> offsets = Map.of(new TopicPartition("visits", 0), 42L);

    @Test
    void shouldFlushStoresThenTheProducerThenRecordGroupOffsets() {
        CommitProtocol.commit(new RecordingStores(events, false), producer, committer, offsets);

        assertThat(events).containsExactly("stores.flush", "producer.flush", "offsets.commit {visits-0=42}");
    }

    @Test
    void shouldWriteTheCheckpointIntoTheStoreLastWhenTheStoreHoldsCheckpoints() {
        CommitProtocol.commit(new RecordingStores(events, true), producer, committer, offsets);

        assertThat(events).containsExactly("stores.flush", "producer.flush", "stores.commitCheckpoint {visits-0=42}");
    }

    @Test
    void shouldNotRecordOffsetsWhenTheStoreFlushFails() {
        final RecordingStores stores = new RecordingStores(events, false);
        stores.flushFailures.add(RecordingStores.unreachable());

        assertThatThrownBy(() -> CommitProtocol.commit(stores, producer, committer, offsets))
                .hasMessageContaining("unreachable");
        assertThat(events).containsExactly("stores.flush");
    }

    @Test
    void shouldNotRecordOffsetsWhenTheProducerFlushFails() {
        final OutputSink failing = new OutputSink() {
            @Override
            public void send(final ProducerRecord<byte[], byte[]> record) {
            }

            @Override
            public void flush() {
                events.add("producer.flush");
                throw new IllegalStateException("send to visitor-counts failed");
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> CommitProtocol.commit(new RecordingStores(events, false), failing, committer, offsets))
                .hasMessageContaining("visitor-counts");
        assertThat(events).containsExactly("stores.flush", "producer.flush");
    }
}
