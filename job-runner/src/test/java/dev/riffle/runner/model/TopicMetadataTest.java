package dev.riffle.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class TopicMetadataTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static KafkaFuture<TopicDescription> described(String topic, int partitions) {
        final Node node = new Node(0, "127.0.0.1", 9092);
        final List<TopicPartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new TopicPartitionInfo(p, node, List.of(node), List.of(node)));
        }
        return KafkaFuture.completedFuture(new TopicDescription(topic, false, infos));
    }

    private static KafkaFuture<TopicDescription> failed(Throwable cause) {
        final KafkaFutureImpl<TopicDescription> future = new KafkaFutureImpl<>();
        future.completeExceptionally(cause);
        return future;
    }

    @Test
    void shouldCountPartitionsInTopicOrder() {
        final Map<String, Integer> counts = TopicMetadata.countsFrom(List.of("visits", "clicks"),
                Map.of("clicks", described("clicks", 2), "visits", described("visits", 4)), TIMEOUT);
        assertThat(counts).containsExactly(Map.entry("visits", 4), Map.entry("clicks", 2));
    }

    @Test
    void shouldNameEveryMissingTopic() {
        assertThatThrownBy(() -> TopicMetadata.countsFrom(List.of("visits"),
                Map.of("visits", failed(new UnknownTopicOrPartitionException("gone"))), TIMEOUT))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("task.inputs"))
                .hasMessage("config error: task.inputs: input topic 'visits' does not exist; create it or fix task.inputs");
        assertThatThrownBy(() -> TopicMetadata.countsFrom(List.of("a", "b"),
                Map.of("a", failed(new UnknownTopicOrPartitionException("gone"))), TIMEOUT))
                .hasMessageContaining("input topics 'a', 'b' do not exist");
    }

    @Test
    void shouldReportOtherFailuresAsKafkaProblems() {
        assertThatThrownBy(() -> TopicMetadata.countsFrom(List.of("visits"),
                Map.of("visits", failed(new TopicAuthorizationException("denied"))), TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the partitions of input topic 'visits'")
                .hasMessageContaining("denied");
    }

    @Test
    void shouldTimeOutOnAnUnansweredFuture() {
        assertThatThrownBy(() -> TopicMetadata.countsFrom(List.of("visits"),
                Map.of("visits", new KafkaFutureImpl<>()), Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("within 50 ms");
    }

    @Test
    void shouldGiveTheAdminClientTheBrokersAndSecuritySettings() {
        final Properties properties = TopicMetadata.adminProperties(JobConfig.of(Map.of(
                "job.name", "j", "systems.kafka.bootstrap.servers", "k1:9092,k2:9092",
                "systems.kafka.consumer.security.protocol", "SSL",
                "systems.kafka.consumer.max.poll.records", "10")));
        assertThat(properties).containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("security.protocol", "SSL")
                .doesNotContainKey("max.poll.records");
    }
}
