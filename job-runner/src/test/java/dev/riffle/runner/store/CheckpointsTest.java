package dev.riffle.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.store.StoreException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

    @Test
    void shouldWriteTheDocumentedTextFormatSortedByTopicAndPartition() {
        final byte[] stored = Checkpoints.encode(Map.of(new TopicPartition("visits", 10), 5L,
                new TopicPartition("visits", 2), 1234L, new TopicPartition("clicks", 0), 0L));

        assertThat(new String(stored, StandardCharsets.UTF_8))
                .isEqualTo("riffle-checkpoint 1\nclicks 0 0\nvisits 2 1234\nvisits 10 5\n");
    }

    @Test
    void shouldReadBackWhatItWrote() {
        final Map<TopicPartition, Long> offsets = Map.of(new TopicPartition("a.b-c_d", 3), Long.MAX_VALUE,
                new TopicPartition("x", 0), 42L);

        assertThat(Checkpoints.decode(Checkpoints.encode(offsets), "test")).isEqualTo(offsets);
        assertThat(Checkpoints.decode(Checkpoints.encode(Map.of()), "test")).isEmpty();
    }

    @Test
    void shouldRejectBytesThatAreNotACheckpointNamingWhere() {
        assertThatThrownBy(() -> Checkpoints.decode("hello".getBytes(StandardCharsets.UTF_8), "store counts of task 0"))
                .isInstanceOf(StoreException.class).hasMessageContaining("store counts of task 0")
                .matches(e -> !((StoreException) e).isRetriable());
        assertThatThrownBy(() -> Checkpoints.decode("riffle-checkpoint 1\nvisits zero 1\n"
                .getBytes(StandardCharsets.UTF_8), "t")).isInstanceOf(StoreException.class).hasMessageContaining("line 2");
    }
}
