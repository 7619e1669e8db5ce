package dev.riffle.runner.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.container.io.OffsetCommitter;
import dev.riffle.runner.container.io.RecordSource;

/**
 * An in-memory stand-in for Kafka input: an append-only log per partition, a read position per
 * assigned partition, pause/resume, and group offsets. Polls return at most {@code maxPollRecords}
 * per partition, like a consumer. Used by the test kit and by unit tests of the runtime.
 */
public final class InMemoryLog implements RecordSource, OffsetCommitter {

    private final int maxPollRecords;
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> logs = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new TreeMap<>(InMemoryLog::compare);
    private final Set<TopicPartition> paused = new HashSet<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final List<Map<TopicPartition, Long>> commits = new ArrayList<>();

    /** A log that hands out at most {@code maxPollRecords} records per partition and poll. */
    public InMemoryLog(final int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
    }

    private static int compare(final TopicPartition a, final TopicPartition b) {
        final int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }

    /** Declares {@code topic} with {@code partitions} partitions. */
    public synchronized void createTopic(final String topic, final int partitions) {
        partitionCounts.put(topic, partitions);
    }

    /** Appends a record; returns its offset. */
    public synchronized long append(final String topic, final int partition, final byte[] key, final byte[] value,
                                    final long timestamp) {
        final Integer count = partitionCounts.get(topic);
        if (count == null || partition < 0 || partition >= count) {
            throw new IllegalArgumentException("Topic " + topic + " has no partition " + partition + " (it has "
                    + (count == null ? "not been declared" : count + " partitions") + ")");
        }
        final TopicPartition tp = new TopicPartition(topic, partition);
        final List<ConsumerRecord<byte[], byte[]>> log = logs.computeIfAbsent(tp, t -> new ArrayList<>());
        final long offset = log.size();
        log.add(new ConsumerRecord<>(topic, partition, offset, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, key == null ? -1 : key.length,
                value == null ? -1 : value.length, key, value, new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty()));
        return offset;
    }

    /** Records not yet read from assigned, unpaused partitions. */
    public synchronized long unread() {
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
            if (!paused.contains(e.getKey())) {
                n += endOffset(e.getKey()) - e.getValue();
            }
        }
        return n;
    }

    /** Every group-offset commit so far, in order. */
    public synchronized List<Map<TopicPartition, Long>> commits() {
        return List.copyOf(commits);
    }

    /** The committed group offsets. */
    public synchronized Map<TopicPartition, Long> committedOffsets() {
        return Map.copyOf(committed);
    }

    /** Whether {@code partition} is paused. */
    public synchronized boolean isPaused(final TopicPartition partition) {
        return paused.contains(partition);
    }

    private long endOffset(final TopicPartition tp) {
        final List<ConsumerRecord<byte[], byte[]>> log = logs.get(tp);
        return log == null ? 0 : log.size();
    }

    @Override
    public synchronized int partitionCount(final String topic) {
        final Integer count = partitionCounts.get(topic);
        if (count == null) {
            throw new IllegalArgumentException("Input topic " + topic + " does not exist in the in-memory log");
        }
        return count;
    }

    @Override
    public synchronized void assign(final Collection<TopicPartition> partitions) {
        positions.clear();
        for (TopicPartition tp : partitions) {
            positions.put(tp, committed.getOrDefault(tp, 0L));
        }
    }

    @Override
    public synchronized Map<TopicPartition, Long> committed(final Collection<TopicPartition> partitions) {
        final Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (committed.containsKey(tp)) {
                result.put(tp, committed.get(tp));
            }
        }
        return result;
    }

    @Override
    public synchronized long position(final TopicPartition partition) {
        return positions.get(partition);
    }

    @Override
    public synchronized void seekToBeginning(final TopicPartition partition) {
        positions.put(partition, 0L);
    }

    @Override
    public synchronized void seek(final TopicPartition partition, final long offset) {
        positions.put(partition, offset);
    }

    @Override
    public void poll(final long timeoutMs, final Sink sink) {
        final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> batch = new TreeMap<>(InMemoryLog::compare);
        synchronized (this) {
            for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
                final TopicPartition tp = e.getKey();
                final long from = e.getValue();
                final long to = Math.min(endOffset(tp), from + maxPollRecords);
                if (paused.contains(tp) || to <= from) {
                    continue;
                }
                batch.put(tp, new ArrayList<>(logs.get(tp).subList((int) from, (int) to)));
                e.setValue(to);
            }
        }
        batch.forEach(sink::accept);
    }

    @Override
    public synchronized void pause(final Collection<TopicPartition> partitions) {
        paused.addAll(partitions);
    }

    @Override
    public synchronized void resume(final Collection<TopicPartition> partitions) {
        paused.removeAll(partitions);
    }

    @Override
    public synchronized OptionalLong lag(final TopicPartition partition) {
        final Long position = positions.get(partition);
        return position == null ? OptionalLong.empty() : OptionalLong.of(endOffset(partition) - position);
    }

    @Override
    public void wakeup() {
    }

    @Override
    public synchronized void commit(final Map<TopicPartition, Long> nextOffsets) {
        committed.putAll(nextOffsets);
        commits.add(Map.copyOf(nextOffsets));
    }

    @Override
    public void close() {
    }
}
