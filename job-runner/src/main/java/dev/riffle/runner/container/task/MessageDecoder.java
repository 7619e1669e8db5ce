package dev.riffle.runner.container.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.serde.Serde;

/**
 * Turns a task's buffered records into the messages its code sees: key and value deserialised with the
 * serdes of their input, headers copied. A record that cannot be read yields no message; the caller applies
 * the error policy to it. Remembers, per message, the original record (for dead letters) and its slot in the
 * buffer (to find where a stream task stopped). Reuses its arrays between batches; loop thread only.
 */
final class MessageDecoder {

    /** Receives a record whose key or value its input's serde cannot read. */
    @FunctionalInterface
    interface Unreadable {
        void accept(ConsumerRecord<byte[], byte[]> record, RuntimeException cause);
    }

    private final Serde<Object>[] keySerdes;
    private final Serde<Object>[] valueSerdes;
    private final ArrayList<IncomingMessage> messages;
    private final List<IncomingMessage> view;
    private Object[] records;
    private int[] slots;

    /**
     * @param inputs the task's input partitions, by source index
     * @param batchSize {@code task.batch.size}, the usual most messages at once
     */
    @SuppressWarnings("unchecked")
    MessageDecoder(final List<TopicPartition> inputs, final TopicSerdes serdes, final int batchSize) {
        this.keySerdes = new Serde[inputs.size()];
        this.valueSerdes = new Serde[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            final TopicSerdes.Pair pair = serdes.of(inputs.get(i).topic());
            keySerdes[i] = pair.key();
            valueSerdes[i] = pair.value();
        }
        this.messages = new ArrayList<>(batchSize);
        this.view = Collections.unmodifiableList(messages);
        this.records = new Object[batchSize];
        this.slots = new int[batchSize];
    }

    /**
     * Deserialises the first {@code n} records of {@code buffer}.
     *
     * @return the messages, a read-only view valid until the next call
     */
    List<IncomingMessage> decode(final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer, final int n,
                                 final Unreadable unreadable) {
        messages.clear();
        if (records.length < n) {
            records = new Object[n];
            slots = new int[n];
        }
        for (int j = 0; j < n; j++) {
            final ConsumerRecord<byte[], byte[]> r = buffer.peek(j);
            final int src = buffer.sourceOf(j);
            final Object key;
            final Object value;
            try {
                key = keySerdes[src].fromBytes(r.key());
                value = valueSerdes[src].fromBytes(r.value());
            } catch (RuntimeException e) {
                unreadable.accept(r, e);
                continue;
            }
            slots[messages.size()] = j;
            records[messages.size()] = r;
            messages.add(new IncomingMessage(r.topic(), r.partition(), r.offset(), key, value, r.timestamp(), headersOf(r)));
        }
        return view;
    }

    /** The original records: {@code records()[i]} is the record of message {@code i} of the last batch. */
    Object[] records() {
        return records;
    }

    /** The buffer slot of message {@code i} of the last batch. */
    int slotOf(final int i) {
        return slots[i];
    }

    private static Map<String, byte[]> headersOf(final ConsumerRecord<byte[], byte[]> r) {
        final Header[] headers = r.headers().toArray();
        if (headers.length == 0) {
            return Map.of();
        }
        final Map<String, byte[]> map = new HashMap<>();
        for (Header h : headers) {
            map.put(h.key(), h.value());
        }
        return map;
    }
}
