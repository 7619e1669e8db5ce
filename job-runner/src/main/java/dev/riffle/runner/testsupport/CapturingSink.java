package dev.riffle.runner.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.riffle.runner.container.io.OutputSink;

/** An {@link OutputSink} that keeps every record sent, in order, and counts flushes. Thread-safe. */
public final class CapturingSink implements OutputSink {

    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void send(final ProducerRecord<byte[], byte[]> record) {
        sent.add(record);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    /** Every record sent so far. */
    public synchronized List<ProducerRecord<byte[], byte[]>> sent() {
        return List.copyOf(sent);
    }

    /** The records sent to {@code topic}. */
    public synchronized List<ProducerRecord<byte[], byte[]>> sentTo(final String topic) {
        final List<ProducerRecord<byte[], byte[]>> result = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : sent) {
            if (r.topic().equals(topic)) {
                result.add(r);
            }
        }
        return result;
    }

    /** How many times {@link #flush} was called. */
    public synchronized int flushes() {
        return flushes;
    }

    @Override
    public void close() {
    }
}
