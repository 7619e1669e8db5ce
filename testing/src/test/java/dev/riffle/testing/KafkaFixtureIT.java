package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FixturesExtension.class)
class KafkaFixtureIT {

    @Test
    void shouldDeliverProducedRecordsToAConsumer(final KafkaFixture kafka) {
        kafka.createTopic("smoke-round-trip", 2);

        kafka.produce("smoke-round-trip", List.of(
                Map.entry("alice", "visit-1"), Map.entry("bob", "visit-2"), Map.entry("carol", "visit-3")));
        final List<ConsumerRecord<String, String>> records = kafka.consume("smoke-round-trip", 3, Duration.ofSeconds(30));

        assertThat(records.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("alice", "visit-1", "bob", "visit-2", "carol", "visit-3"));
    }

    @Test
    void shouldGrowATopicsPartitions(final KafkaFixture kafka) {
        kafka.createTopic("smoke-grow", 1);

        kafka.addPartitions("smoke-grow", 4);

        assertThat(kafka.partitionCount("smoke-grow")).isEqualTo(4);
    }

    @Test
    void shouldKeepItsPortAndDataAcrossAStopAndAStart(final KafkaFixture kafka) {
        kafka.createTopic("smoke-restart", 1);
        kafka.produce("smoke-restart", List.of(Map.entry("alice", "before the stop")));
        final String address = kafka.bootstrapServers();

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.start();

        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo(address);
        kafka.produce("smoke-restart", List.of(Map.entry("bob", "after the start")));
        assertThat(kafka.consume("smoke-restart", 2, Duration.ofSeconds(60))).extracting(ConsumerRecord::value)
                .containsExactly("before the stop", "after the start");
    }

    @Test
    void shouldShareOneBrokerPerJvm(final KafkaFixture kafka) {
        assertThat(KafkaFixture.shared()).isSameAs(kafka);
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:").doesNotEndWith(":9092");
    }
}
