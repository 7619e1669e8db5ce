package dev.riffle.api;

import java.util.Map;
import java.util.Objects;

/**
 * One input record, deserialised with the serdes of its topic ({@code streams.<topic>.key.serde}
 * and {@code .msg.serde}; {@code string} by default).
 *
 * @param topic the input topic
 * @param partition the partition within the topic
 * @param offset the record's offset in that partition
 * @param key the deserialised key, {@code null} when the record has none
 * @param value the deserialised value, {@code null} for a tombstone
 * @param timestamp the record's Kafka timestamp, epoch milliseconds
 * @param headers the record's headers (last value wins for a repeated name), never {@code null}
 */
public record IncomingMessage(
        String topic,
        int partition,
        long offset,
        Object key,
        Object value,
        long timestamp,
        Map<String, byte[]> headers) {

    public IncomingMessage {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Creates a message without headers. */
    public IncomingMessage(String topic, int partition, long offset, Object key, Object value, long timestamp) {
        this(topic, partition, offset, key, value, timestamp, Map.of());
    }

    /**
     * Returns the key cast to the type its serde produces.
     *
     * @throws ClassCastException if the key is of another type (check {@code streams.<topic>.key.serde})
     */
    public <T> T keyAs(Class<T> type) {
        return type.cast(key);
    }

    /**
     * Returns the value cast to the type its serde produces.
     *
     * @throws ClassCastException if the value is of another type (check {@code streams.<topic>.msg.serde})
     */
    public <T> T valueAs(Class<T> type) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
