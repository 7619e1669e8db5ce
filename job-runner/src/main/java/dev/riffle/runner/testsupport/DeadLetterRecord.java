package dev.riffle.runner.testsupport;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import dev.riffle.runner.container.errors.DeadLetters;

/**
 * A record the runtime sent to the dead-letter topic, its headers read back: for the runtime's own tests,
 * and the source of the test kit's {@code DeadLetter}.
 *
 * @param reason {@code riffle.error.reason}
 * @param topic the input topic
 * @param partition the input partition
 * @param offset the input offset
 * @param task the task's name
 * @param error the exception's class and message, or {@code null}
 * @param key the original key bytes
 * @param value the original value bytes
 */
public record DeadLetterRecord(String reason, String topic, int partition, long offset, String task, String error,
                               byte[] key, byte[] value) {

    /** Reads the headers of a dead-letter record. */
    public static DeadLetterRecord of(final ProducerRecord<byte[], byte[]> record) {
        return new DeadLetterRecord(header(record, DeadLetters.REASON), header(record, DeadLetters.TOPIC),
                Integer.parseInt(header(record, DeadLetters.PARTITION)), Long.parseLong(header(record, DeadLetters.OFFSET)),
                header(record, DeadLetters.TASK), header(record, DeadLetters.MESSAGE), record.key(), record.value());
    }

    private static String header(final ProducerRecord<byte[], byte[]> record, final String name) {
        final Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The original value as UTF-8 text. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
