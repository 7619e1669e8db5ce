package dev.riffle.runner.container.io;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a container's input comes from: a Kafka consumer with assigned partitions in production,
 * an in-memory log in the test kit. Used on the container's loop thread only.
 */
public interface RecordSource extends AutoCloseable {

    /** Receives the records of one partition from a poll, in offset order. */
    @FunctionalInterface
    interface Sink {
        void accept(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records);
    }

    /**
     * The number of partitions of {@code topic}.
     *
     * @throws RuntimeException naming the topic if it does not exist
     */
    int partitionCount(String topic);

    /** Takes over these partitions (Kafka: {@code assign}, never {@code subscribe}). */
    void assign(Collection<TopicPartition> partitions);

    /** The committed group offsets of these partitions (next offset to read); partitions without one are absent. */
    Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions);

    /** The next offset this source will read from {@code partition} (resolving {@code auto.offset.reset} if needed). */
    long position(TopicPartition partition);

    /** Reads from the first offset the partition still holds next. */
    void seekToBeginning(TopicPartition partition);

    /** Reads from {@code offset} next. */
    void seek(TopicPartition partition, long offset);

    /** Waits up to {@code timeoutMs} for records and hands each partition's records to {@code sink}. */
    void poll(long timeoutMs, Sink sink);

    /** Stops fetching these partitions until {@link #resume}. */
    void pause(Collection<TopicPartition> partitions);

    /** Fetches these partitions again. */
    void resume(Collection<TopicPartition> partitions);

    /** Records between the position and the end of {@code partition}, if known. */
    OptionalLong lag(TopicPartition partition);

    /** Interrupts a blocking {@link #poll} from another thread (for a shutdown). */
    void wakeup();

    @Override
    void close();
}
