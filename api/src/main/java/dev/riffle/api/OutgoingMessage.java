package dev.riffle.api;

import java.util.Map;
import java.util.Objects;

/**
 * One output record. The key and value are serialised with the serdes of the topic
 * ({@code streams.<topic>.key.serde} and {@code .msg.serde}). Without a partition, Kafka's
 * producer picks one from the key.
 *
 * @param topic the output topic, never {@code null}
 * @param key the key, may be {@code null}
 * @param value the value, may be {@code null}
 * @param partition the partition, or {@code null} to let the producer choose
 * @param headers headers to attach, never {@code null}
 */
public record OutgoingMessage(String topic, Object key, Object value, Integer partition, Map<String, byte[]> headers) {

    public OutgoingMessage {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A message to {@code topic} with the given key and value. */
    public OutgoingMessage(String topic, Object key, Object value) {
        this(topic, key, value, null, Map.of());
    }

    /** The same message with one more header. */
    public OutgoingMessage withHeader(String name, byte[] value) {
        final var copy = new java.util.HashMap<>(headers);
        copy.put(name, value);
        return new OutgoingMessage(topic, key, this.value, partition, copy);
    }
}
