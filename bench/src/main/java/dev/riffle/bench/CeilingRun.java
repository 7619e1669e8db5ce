package dev.riffle.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.io.KafkaIo;

/**
 * The ceiling: one bare {@code KafkaConsumer<byte[], byte[]>} that assigns every partition, polls,
 * touches every value's bytes and discards them, on a thread of its own. It uses the consumer
 * settings of Riffle's containers, so only what happens around {@code poll()} differs.
 */
final class CeilingRun {

    private CeilingRun() {
    }

    static RunResult run(final RunSpec spec) throws Exception {
        final long start = System.nanoTime();
        final Map<String, Object> config = KafkaIo.consumerProperties(JobConfig.of(Map.of(
                "job.name", "bench-ceiling", "job.id", spec.runId(), "task.class", "none",
                "task.inputs", spec.topic(), "systems.kafka.bootstrap.servers", spec.bootstrap())), "0");
        final AtomicLong counted = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CompletableFuture<Long> loop = CompletableFuture.supplyAsync(() -> {
            long sink = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                final List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(spec.topic())) {
                    partitions.add(new TopicPartition(spec.topic(), p.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stop.get()) {
                    final ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                    long n = 0;
                    for (ConsumerRecord<byte[], byte[]> r : polled) {
                        final byte[] value = r.value();
                        sink += value.length + value[value.length / 2]; // touch the bytes, as a task would
                        n++;
                    }
                    counted.addAndGet(n);
                }
            }
            return sink;
        });
        final RunResult result = ProgressClock.await(start, spec.events(), counted::get,
                () -> loop.isDone() && !stop.get(), spec.timeoutSeconds());
        stop.set(true);
        if (loop.get() == 0) {
            throw new IllegalStateException("The ceiling consumer read no bytes from " + spec.topic());
        }
        return result;
    }
}
