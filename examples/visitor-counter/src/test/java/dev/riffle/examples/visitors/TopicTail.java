package dev.riffle.examples.visitors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import dev.riffle.testing.KafkaFixture;

/** Reads a topic from its beginning on a thread of its own and keeps every record, in order, for the test to look at. */
final class TopicTail implements AutoCloseable {

    /** One record read: key, value and headers as UTF-8 text. */
    record Record(int partition, String key, String value, Map<String, String> headers) {
    }

    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicTail(final KafkaFixture kafka, final String topic) {
        final Map<String, Object> config = new HashMap<>(kafka.consumerConfig("unused"));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        final Map<String, String> headers = new HashMap<>();
                        for (Header h : r.headers()) {
                            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                        }
                        records.add(new Record(r.partition(), r.key(), r.value(), headers));
                    }
                }
            }
        }, "tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Every record read so far. */
    List<Record> records() {
        return new ArrayList<>(records);
    }

    /** The records read so far whose key is {@code key}. */
    List<Record> withKey(final String key) {
        return records.stream().filter(r -> key.equals(r.key())).collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
