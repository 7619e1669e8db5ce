package dev.riffle.runner.store;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.api.store.KeyValueStore;

/** The stores of a task when the job configures none: every commit step that involves stores is a no-op. */
public final class NoStores implements TaskStores {

    @Override
    public <K, V> KeyValueStore<K, V> store(final String name) {
        throw new IllegalArgumentException("No store named '" + name + "' is configured; this job configures no"
                + " stores at all. Add stores." + name + ".factory=memory (or redis, cassandra) to the job's config.");
    }

    @Override
    public Set<String> names() {
        return Set.of();
    }

    @Override
    public boolean holdsCheckpoints() {
        return false;
    }

    @Override
    public Optional<Map<TopicPartition, Long>> claimAndReadCheckpoint() {
        return Optional.empty();
    }

    @Override
    public void flush() {
    }

    @Override
    public void commitCheckpoint(final Map<TopicPartition, Long> nextOffsets) {
        throw new IllegalStateException("This task has no checkpoint store; its offsets go to Kafka.");
    }

    @Override
    public SealedCheckpoint sealCheckpoint(final Map<TopicPartition, Long> nextOffsets) {
        throw new IllegalStateException("This task has no checkpoint store; its offsets go to Kafka.");
    }

    @Override
    public void discardBuffered() {
    }

    @Override
    public void close() {
    }
}
