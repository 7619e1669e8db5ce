package dev.riffle.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from its beginning with an assigned consumer (no group), keeping every record; call
 * {@link #catchUp} again to read what arrived since.
 */
final class TopicTail implements AutoCloseable {

    /** One record as read. */
    record Rec(int partition, long offset, String key, String value) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final List<Rec> records = new ArrayList<>();

    TopicTail(final String bootstrapServers, final String topic) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("Topic " + topic + " does not exist on " + bootstrapServers);
        }
        this.partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until every partition's position reaches the end offset it had when this call began. */
    List<Rec> catchUp(final Duration timeout) {
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read " + partitions + " to its end offsets " + ends + " within "
                        + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                records.add(new Rec(r.partition(), r.offset(), r.key(), r.value()));
            }
        }
        return List.copyOf(records);
    }

    private boolean reached(final Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), Duration.ofSeconds(30)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
