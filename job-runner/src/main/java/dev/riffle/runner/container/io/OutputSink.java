package dev.riffle.runner.container.io;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a container's output goes: one Kafka producer per container in production, a capture in the
 * test kit. Sends are asynchronous; {@link #flush} waits until every send so far is acknowledged.
 */
public interface OutputSink extends AutoCloseable {

    /**
     * Sends a serialised record asynchronously.
     *
     * @throws RuntimeException if an earlier send failed (the producer's error), so output is never lost
     *     silently; a sink may instead count and drop records that can never be sent, as the error policy says
     */
    void send(ProducerRecord<byte[], byte[]> record);

    /**
     * Sends a record on behalf of a task; a sink that applies {@code task.error.policy} to sends that
     * fail for good counts and logs them against {@code origin}. By default the same as {@link #send(ProducerRecord)}.
     */
    default void send(final ProducerRecord<byte[], byte[]> record, final SendOrigin origin) {
        send(record);
    }

    /**
     * Waits until every record sent so far is acknowledged (commit step 2).
     *
     * @throws RuntimeException if any of them failed
     */
    void flush();

    @Override
    void close();
}
