package dev.riffle.yarn;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import dev.riffle.testing.KafkaFixture;

/** Reads an output topic from the beginning on its own thread and remembers when each key first arrived. */
final class OutputWatcher implements AutoCloseable {

    private final Map<String, Long> firstSeenMs = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutputWatcher(final KafkaFixture kafka, final String topic) {
        this(kafka.consumerConfig("unused"), topic);
    }

    /** @param config String-deserialising consumer settings; the group id is dropped */
    OutputWatcher(final Map<String, Object> consumerConfig, final String topic) {
        final Map<String, Object> config = new java.util.HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
                while (running) {
                    final Set<TopicPartition> all = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
                    if (!all.equals(assigned)) {
                        consumer.assign(all);
                        all.stream().filter(tp -> !assigned.contains(tp)).forEach(tp -> consumer.seekToBeginning(Set.of(tp)));
                        assigned.clear();
                        assigned.addAll(all);
                    }
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        firstSeenMs.putIfAbsent(r.key(), System.currentTimeMillis());
                    }
                }
            }
        }, "output-watcher-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    Set<String> keys() {
        return Set.copyOf(firstSeenMs.keySet());
    }

    boolean seen(final String key) {
        return firstSeenMs.containsKey(key);
    }

    long firstSeenMs(final String key) {
        return firstSeenMs.getOrDefault(key, -1L);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
