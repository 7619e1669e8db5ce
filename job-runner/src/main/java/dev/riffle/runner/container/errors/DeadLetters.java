package dev.riffle.runner.container.errors;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Builds the record that goes to {@code task.dead-letter.topic}: the input record's original key,
 * value and headers, plus headers saying why and where it came from.
 */
public final class DeadLetters {

    /** Header with the short reason, e.g. {@code deserialization}, {@code task-exception}, or a task's own. */
    public static final String REASON = "riffle.error.reason";
    /** Header with the input topic. */
    public static final String TOPIC = "riffle.error.topic";
    /** Header with the input partition. */
    public static final String PARTITION = "riffle.error.partition";
    /** Header with the input offset. */
    public static final String OFFSET = "riffle.error.offset";
    /** Header with the task's name. */
    public static final String TASK = "riffle.error.task";
    /** Header with the exception's class and message, when there was one. */
    public static final String MESSAGE = "riffle.error.message";

    /** Reason used for a record whose key or value the topic's serde cannot read. */
    public static final String REASON_DESERIALIZATION = "deserialization";
    /** Reason used for a record the task threw on. */
    public static final String REASON_TASK_EXCEPTION = "task-exception";

    private DeadLetters() {
    }

    /**
     * The dead-letter record for {@code input}.
     *
     * @param error the exception, or {@code null} when the task dead-lettered the record itself
     */
    public static ProducerRecord<byte[], byte[]> of(final String deadLetterTopic, final ConsumerRecord<byte[], byte[]> input,
                                                    final String taskName, final String reason, final Throwable error) {
        final ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(deadLetterTopic, null, input.key(), input.value());
        for (Header h : input.headers()) {
            out.headers().add(h.key(), h.value());
        }
        out.headers().add(REASON, utf8(reason));
        out.headers().add(TOPIC, utf8(input.topic()));
        out.headers().add(PARTITION, utf8(Integer.toString(input.partition())));
        out.headers().add(OFFSET, utf8(Long.toString(input.offset())));
        out.headers().add(TASK, utf8(taskName));
        if (error != null) {
            out.headers().add(MESSAGE, utf8(describe(error)));
        }
        return out;
    }

    /** {@code Class: message} of an exception, with its cause's when it has one. */
    public static String describe(final Throwable error) {
        final String own = error.getClass().getSimpleName() + ": " + error.getMessage();
        final Throwable cause = error.getCause();
        return cause == null || cause == error ? own : own + " (caused by " + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + ")";
    }

    private static byte[] utf8(final String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
