package dev.riffle.runner.container.io;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.container.errors.ErrorPolicy;

/**
 * The Kafka side of a container: one consumer (partitions assigned, never subscribed; group offsets
 * committed synchronously, never automatically) and one producer.
 *
 * <p>Consumer defaults: {@code group.id=<job.name>-<job.id>} (used only for offset commits),
 * {@code enable.auto.commit=false} (forced), {@code auto.offset.reset=earliest} (a task without a
 * checkpoint starts at the beginning of its partitions), {@code fetch.max.bytes} scaled to the heap
 * ({@link #fetchMaxBytes}). Producer defaults: {@code acks=all},
 * {@code enable.idempotence=true}. {@code systems.kafka.consumer.*} and {@code systems.kafka.producer.*}
 * are passed through and override the defaults; the byte-array (de)serialisers are forced, since
 * Riffle applies the topics' serdes itself.
 */
public final class KafkaIo {

    private KafkaIo() {
    }

    /** Kafka clients for container {@code containerId} of the job, with the system clock. */
    public static ContainerIo open(final JobConfig config, final String containerId) {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config, containerId));
        final KafkaProducer<byte[], byte[]> producer;
        final Map<String, Object> producerProperties = producerProperties(config, containerId);
        try {
            producer = new KafkaProducer<>(producerProperties);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        final ConsumerSource source = new ConsumerSource(consumer);
        final ErrorPolicy policy = ErrorPolicy.parse(config.get(RiffleConfig.TASK_ERROR_POLICY));
        return new ContainerIo(source, new ProducerSink(producer, policy, new TopicProbe(producerProperties)), source,
                WallClock.SYSTEM);
    }

    /** The consumer's properties: defaults, then {@code systems.kafka.consumer.*}, then what Riffle forces. */
    public static Map<String, Object> consumerProperties(final JobConfig config, final String containerId) {
        final Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(RiffleConfig.KAFKA_BOOTSTRAP_SERVERS));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(config));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId(config) + "-container-" + containerId);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes(Runtime.getRuntime().maxMemory()));
        p.putAll(config.subset("systems.kafka.consumer."));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * The consumer's default {@code fetch.max.bytes} for a heap of {@code maxHeapBytes}: a sixteenth of
     * it, between 1 MiB and Kafka's own default of 50 MiB. A fetch response and the records copied out
     * of it are both on the heap, so Kafka's default alone would take most of a 128 MB heap.
     */
    static int fetchMaxBytes(final long maxHeapBytes) {
        return (int) Math.max(MIB, Math.min(50 * MIB, maxHeapBytes / 16));
    }

    private static final long MIB = 1024 * 1024;

    /** The producer's properties: defaults, then {@code systems.kafka.producer.*}, then what Riffle forces. */
    public static Map<String, Object> producerProperties(final JobConfig config, final String containerId) {
        final Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(RiffleConfig.KAFKA_BOOTSTRAP_SERVERS));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, groupId(config) + "-container-" + containerId + "-producer");
        p.putAll(config.subset("systems.kafka.producer."));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** {@code <job.name>-<job.id>}. */
    public static String groupId(final JobConfig config) {
        return JobIdentity.of(config).instance();
    }

    /** The consumer as a {@link RecordSource} and group-offset committer. */
    static final class ConsumerSource implements RecordSource, OffsetCommitter {

        private final KafkaConsumer<byte[], byte[]> consumer;

        ConsumerSource(final KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public int partitionCount(final String topic) {
            final List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("Input topic " + topic + " does not exist on the Kafka cluster; create"
                        + " it, or fix task.inputs");
            }
            return partitions.size();
        }

        @Override
        public void assign(final Collection<TopicPartition> partitions) {
            consumer.assign(partitions);
        }

        @Override
        public Map<TopicPartition, Long> committed(final Collection<TopicPartition> partitions) {
            final Map<TopicPartition, Long> result = new HashMap<>();
            consumer.committed(new HashSet<>(partitions)).forEach((tp, om) -> {
                if (om != null) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        }

        @Override
        public long position(final TopicPartition partition) {
            return consumer.position(partition);
        }

        @Override
        public void seekToBeginning(final TopicPartition partition) {
            consumer.seekToBeginning(List.of(partition));
        }

        @Override
        public void seek(final TopicPartition partition, final long offset) {
            consumer.seek(partition, offset);
        }

        @Override
        public void poll(final long timeoutMs, final Sink sink) {
            final ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(timeoutMs));
            } catch (WakeupException e) {
                return;
            }
            if (records.isEmpty()) {
                return;
            }
            for (TopicPartition tp : records.partitions()) {
                sink.accept(tp, records.records(tp));
            }
        }

        @Override
        public void pause(final Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
        }

        @Override
        public void resume(final Collection<TopicPartition> partitions) {
            consumer.resume(partitions);
        }

        @Override
        public OptionalLong lag(final TopicPartition partition) {
            return consumer.currentLag(partition);
        }

        @Override
        public void wakeup() {
            consumer.wakeup();
        }

        @Override
        public void commit(final Map<TopicPartition, Long> nextOffsets) {
            final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            nextOffsets.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // A stop was requested while committing: commit once more, the stop is already noted.
                consumer.commitSync(offsets);
            }
        }

        @Override
        public void close() {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (WakeupException e) {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }
}
