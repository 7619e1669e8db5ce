package dev.riffle.runner.local;

import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.model.ContainerModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.container.Containers;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

/**
 * Sends that can never succeed, on a real broker: the error policy applies to them, the container
 * keeps processing the records after them, and the failures are counted; nothing crash-loops.
 */
@ExtendWith(FixturesExtension.class)
class OutputFailuresIT {

    private static final List<Map.Entry<String, String>> INPUT = List.of(Map.entry("k1", "a"), Map.entry("k2", "big"),
            Map.entry("k3", "b"), Map.entry("k4", "bad1"), Map.entry("k5", "c"), Map.entry("k6", "bad2"),
            Map.entry("k7", "d"));
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static JobConfig config(final KafkaFixture kafka, final String job, final Map<String, String> extra) {
        final Map<String, String> values = new HashMap<>(Map.of(
                "job.name", job,
                "task.class", ItTasks.OutputProblems.class.getName(),
                "task.inputs", job + "-in",
                "it.output", job + "-out",
                "systems.kafka.bootstrap.servers", kafka.bootstrapServers(),
                "task.batch.wait.ms", "20",
                "task.commit.ms", "200"));
        values.putAll(extra);
        return JobConfig.of(values);
    }

    /** Runs the loop until every input record is processed and committed; returns the task's metrics. */
    private static TaskStats runThroughTheInput(final JobConfig config, final String input) {
        final ContainerLoop loop = Containers.kafkaLoop(config, oneTaskModel(config));
        loop.start();
        final TopicPartition tp = new TopicPartition(input, 0);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (loop.positions().getOrDefault(tp, 0L) < INPUT.size() && System.nanoTime() < deadline) {
            loop.runOnce(100, false);
        }
        loop.commitAll();
        final Map<TopicPartition, Long> positions = loop.positions();
        loop.close(true);
        assertThat(positions).as("every input record processed").containsEntry(tp, (long) INPUT.size());
        return loop.stats().tasks().get(0);
    }

    private static List<String> values(final List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void shouldCountAndDropAnOutputOverMaxRequestSizeAndProcessTheRecordsAfterIt(final KafkaFixture kafka) {
        kafka.createTopic("toolarge-in", 1);
        kafka.createTopic("toolarge-out", 1);
        kafka.createTopic("toolarge-dead-letters", 1);
        kafka.produce("toolarge-in", INPUT);

        final TaskStats stats = runThroughTheInput(config(kafka, "toolarge", Map.of()), "toolarge-in");

        assertThat(stats.outputsFailed()).isEqualTo(1);
        assertThat(stats.sendFailuresByReason()).containsExactly(Map.entry("record-too-large", 1L));
        assertThat(values(kafka.consume("toolarge-out", 5, Duration.ofSeconds(20)))).containsExactly("a", "b", "c", "d");
        assertThat(values(kafka.consume("toolarge-dead-letters", 2, Duration.ofSeconds(20)))).containsExactly("bad1", "bad2");
    }

    @Test
    void shouldCountAndDropDeadLettersToAMissingTopicWhenTheBrokerDoesNotCreateTopics() throws Exception {
        try (KafkaFixture strict = KafkaFixture.dedicated(Map.of("auto.create.topics.enable", "false"))) {
            strict.createTopic("nodl-in", 1);
            strict.createTopic("nodl-out", 1);
            strict.produce("nodl-in", INPUT);

            final TaskStats stats = runThroughTheInput(config(strict, "nodl", Map.of(
                    "systems.kafka.producer.max.block.ms", "3000")), "nodl-in");

            assertThat(stats.deadLettersFailed()).as("bad1 and bad2, whose dead letters cannot be sent").isEqualTo(2);
            assertThat(stats.outputsFailed()).as("big, over max.request.size").isEqualTo(1);
            assertThat(stats.sendFailuresByReason()).containsEntry("unknown-topic", 2L);
            assertThat(values(strict.consume("nodl-out", 5, Duration.ofSeconds(20)))).containsExactly("a", "b", "c", "d");
            assertThatThrownBy(() -> strict.admin().describeTopics(Set.of("nodl-dead-letters")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldStopTheContainerClearlyUnderTheFailPolicy(final KafkaFixture kafka) {
        kafka.createTopic("failout-in", 1);
        kafka.createTopic("failout-out", 1);
        kafka.produce("failout-in", INPUT);
        final ContainerLoop loop = Containers.kafkaLoop(config(kafka, "failout", Map.of("task.error.policy", "fail")),
                oneTaskModel(config(kafka, "failout", Map.of("task.error.policy", "fail"))));
        loop.start();
        try {
            assertThatThrownBy(() -> {
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                    loop.runOnce(100, false);
                }
            }).isInstanceOf(ContainerFailure.class)
                    .hasMessageContaining("record-too-large").hasMessageContaining("failout-out")
                    .hasMessageContaining("task.error.policy");
            assertThat(loop.stats().tasks().get(0).outputsFailed()).isEqualTo(1);
        } finally {
            loop.close(false);
        }
    }

    /** Container 0 of a job with one task: its input topics have one partition each. */
    private static ContainerModel oneTaskModel(final JobConfig config) {
        final Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        config.get(RiffleConfig.TASK_INPUTS).forEach(topic -> counts.put(topic, 1));
        return JobModel.build(config, counts).container("0");
    }
}
