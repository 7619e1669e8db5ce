package dev.riffle.runner.local;

import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.model.ContainerModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.container.Containers;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

/** Large records through a container on a real broker: memory held by the task's buffer is bounded by bytes. */
@ExtendWith(FixturesExtension.class)
class LargeRecordsIT {

    private static final int RECORDS = 60;
    private static final int RECORD_BYTES = 256 * 1024;
    private static final long MAX_BUFFER_BYTES = 1024 * 1024;
    private static final long FETCH_MAX_BYTES = 1024 * 1024;

    @Test
    void shouldProcessEveryLargeRecordWithoutBufferingMoreThanTheByteBoundPlusOneFetch(final KafkaFixture kafka) {
        kafka.createTopic("large-in", 1);
        kafka.createTopic("large-out", 1);
        final Map<String, Object> producerConfig = new HashMap<>(kafka.producerConfig());
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * RECORD_BYTES);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("large-in", 0, "k" + i, i + ":" + "x".repeat(RECORD_BYTES)));
            }
            producer.flush();
        }
        // A long batch wait and a batch size far above the record count: only the byte bound hands the
        // records over early; buffering by count alone would hold all 15 MiB for a minute.
        final JobConfig config = JobConfig.of(Map.of(
                "job.name", "large",
                "task.class", ItTasks.PassThrough.class.getName(),
                "task.inputs", "large-in",
                "it.output", "large-out",
                "systems.kafka.bootstrap.servers", kafka.bootstrapServers(),
                "task.batch.wait.ms", "60000",
                "task.buffer.max.bytes", Long.toString(MAX_BUFFER_BYTES),
                "systems.kafka.consumer.fetch.max.bytes", Long.toString(FETCH_MAX_BYTES),
                "systems.kafka.producer.max.request.size", Integer.toString(2 * RECORD_BYTES)));

        final ContainerLoop loop = Containers.kafkaLoop(config, oneTaskModel(config));
        loop.start();
        final TaskStats stats = loop.stats().tasks().get(0);
        final long deadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
        while (stats.records() < RECORDS && System.nanoTime() < deadline) {
            loop.runOnce(100, false);
        }
        loop.commitAll();
        final Map<TopicPartition, Long> positions = loop.positions();
        loop.close(true);

        assertThat(stats.records()).as("records processed well before the batch wait").isEqualTo(RECORDS);
        assertThat(positions).containsEntry(new TopicPartition("large-in", 0), (long) RECORDS);
        assertThat(stats.bufferedBytesPeak()).as("the buffer's own count of the bytes it held at most")
                .isGreaterThan(RECORD_BYTES)
                .isLessThanOrEqualTo(MAX_BUFFER_BYTES + FETCH_MAX_BYTES);
        assertThat(kafka.consume("large-out", RECORDS, Duration.ofSeconds(30))).hasSize(RECORDS);
    }

    /** Container 0 of a job with one task: its input topics have one partition each. */
    private static ContainerModel oneTaskModel(final JobConfig config) {
        final Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        config.get(RiffleConfig.TASK_INPUTS).forEach(topic -> counts.put(topic, 1));
        return JobModel.build(config, counts).container("0");
    }
}
