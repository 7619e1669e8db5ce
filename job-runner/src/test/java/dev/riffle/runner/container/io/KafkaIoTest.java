package dev.riffle.runner.container.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.config.JobConfig;

/** The consumer's defaults that bound a container's memory. */
class KafkaIoTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void shouldScaleFetchMaxBytesToTheHeapWithinOneAndFiftyMebibytes() {
        assertThat(KafkaIo.fetchMaxBytes(128 * MIB)).isEqualTo(8 * MIB);
        assertThat(KafkaIo.fetchMaxBytes(512 * MIB)).isEqualTo(32 * MIB);
        assertThat(KafkaIo.fetchMaxBytes(8 * MIB)).isEqualTo(MIB);
        assertThat(KafkaIo.fetchMaxBytes(64 * 1024 * MIB)).isEqualTo(50 * MIB);
    }

    @Test
    void shouldLetTheJobOverrideFetchMaxBytes() {
        final Map<String, String> base = Map.of("job.name", "j", "task.class", "a.B", "task.inputs", "in",
                "systems.kafka.bootstrap.servers", "127.0.0.1:9");
        assertThat(KafkaIo.consumerProperties(JobConfig.of(base), "0"))
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, KafkaIo.fetchMaxBytes(Runtime.getRuntime().maxMemory()));
        final Map<String, String> tuned = new HashMap<>(base);
        tuned.put("systems.kafka.consumer.fetch.max.bytes", "2097152");
        assertThat(KafkaIo.consumerProperties(JobConfig.of(tuned), "0"))
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "2097152");
    }
}
