package dev.riffle.testkit;

import java.nio.charset.StandardCharsets;

/**
 * A record the runtime sent to the dead-letter topic ({@code task.dead-letter.topic}), as
 * {@link TaskTestDriver#deadLetters()} returns it: where the input came from, why, and its original bytes.
 *
 * @param reason why: {@code deserialization}, {@code task-exception}, or the reason the task passed to
 *     {@code MessageCollector.deadLetter}
 * @param topic the input topic
 * @param partition the input partition
 * @param offset the input offset
 * @param task the task's name, e.g. {@code Partition 0}
 * @param error the exception's class and message, or {@code null} when there was no exception
 * @param key the original key bytes
 * @param value the original value bytes
 */
public record DeadLetter(String reason, String topic, int partition, long offset, String task, String error,
                         byte[] key, byte[] value) {

    /** The input partition the record came from. */
    public InputPartition input() {
        return new InputPartition(topic, partition);
    }

    /** The original value as UTF-8 text, or {@code null}. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
