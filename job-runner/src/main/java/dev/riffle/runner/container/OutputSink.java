package dev.riffle.runner.container;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a container's output goes: one Kafka producer per container in production, a capture in the
 * test kit. Sends are asynchronous; {@link #flush} waits until every send so far is acknowledged.
 */
public interface OutputSink extends AutoCloseable {

    /**
     * Sends a serialised record asynchronously.
     *
     * @throws RuntimeException if an earlier send failed (the producer's error), so output is never lost silently
     */
    void send(ProducerRecord<byte[], byte[]> record);

    /**
     * Waits until every record sent so far is acknowledged (commit step 2).
     *
     * @throws RuntimeException if any of them failed
     */
    void flush();

    @Override
    void close();
}
