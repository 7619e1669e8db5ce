package dev.riffle.runner.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.runner.local.ItTasks;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.ContainerModelDocument;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

/** {@link ContainerMain} as its own process, as YARN runs it: a graceful SIGTERM and a SIGKILL crash. */
@ExtendWith(FixturesExtension.class)
class ContainerProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** The containers' config and log files stay under target/ for a look after a failure. */
    private static Path logDir() throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "container-process-it"));
    }

    private static Process launch(final Path dir, final KafkaFixture kafka, final String job, final String input,
                                  final String output, final String commitMs) throws Exception {
        final Path config = dir.resolve(job + ".properties");
        Files.writeString(config, String.join("\n",
                "job.name=" + job,
                "task.class=" + ItTasks.PassThrough.class.getName(),
                "task.inputs=" + input,
                "it.output=" + output,
                "task.batch.size=100",
                "task.batch.wait.ms=20",
                "task.commit.ms=" + commitMs,
                "systems.kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "systems.kafka.consumer.max.poll.records=100", ""));
        final ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ContainerLaunch.MAIN_CLASS);
        builder.environment().put(ContainerLaunch.ENV_CONFIG_PATH, config.toString());
        builder.environment().put(ContainerLaunch.ENV_CONTAINER_ID, "0");
        builder.environment().put(ContainerLaunch.ENV_CONTAINER_MODEL, ContainerModelDocument.of(job + "-1",
                JobModel.build(job, "1", List.of(input), Map.of(input, 2), 1).container("0")).encode());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), job + ".log")));
        return builder.start();
    }

    private static void produce(final KafkaFixture kafka, final String topic, final int perPartition) {
        produce(kafka, topic, 0, perPartition);
    }

    private static void produce(final KafkaFixture kafka, final String topic, final int from, final int perPartition) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (int p = 0; p < 2; p++) {
                for (int i = from; i < from + perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k", "p" + p + "-" + i));
                }
            }
            producer.flush();
        }
    }

    private static long distinct(final KafkaFixture kafka, final String topic, final int max) {
        return kafka.consume(topic, max, Duration.ofSeconds(3)).stream().map(ConsumerRecord::value).distinct().count();
    }

    private static Map<Integer, List<String>> perPartition(final List<ConsumerRecord<String, String>> records) {
        final Map<Integer, List<String>> result = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            result.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.value());
        }
        return result;
    }

    @Test
    void shouldCommitEveryTaskAndExitZeroOnSigterm(final KafkaFixture kafka) throws Exception {
        final Path dir = logDir();
        kafka.createTopic("term-in", 2);
        kafka.createTopic("term-out", 2);
        produce(kafka, "term-in", 300);
        // Commits only at shutdown, so the offsets prove the SIGTERM commit happened.
        final Process container = launch(dir, kafka, "term", "term-in", "term-out", "3600000");

        await().atMost(TIMEOUT).until(() -> distinct(kafka, "term-out", 600) >= 600);
        container.destroy(); // SIGTERM

        assertThat(container.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(container.exitValue()).as("exit status; log in %s", dir).isZero();
        final Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets("term-1")
                .partitionsToOffsetAndMetadata().get();
        assertThat(offsets.get(new TopicPartition("term-in", 0)).offset()).isEqualTo(300);
        assertThat(offsets.get(new TopicPartition("term-in", 1)).offset()).isEqualTo(300);
    }

    @Test
    void shouldResumeFromItsCheckpointAfterBeingKilledWithNothingLost(final KafkaFixture kafka)
            throws Exception {
        final Path dir = logDir();
        kafka.createTopic("kill-in", 2);
        kafka.createTopic("kill-out", 2);
        produce(kafka, "kill-in", 0, 1000);
        final Process first = launch(dir, kafka, "kill", "kill-in", "kill-out", "100");
        await().atMost(TIMEOUT).until(() -> distinct(kafka, "kill-out", 4000) >= 2000);

        first.destroyForcibly(); // SIGKILL: no commit, no cleanup
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // More input while no container runs: only the restarted container can deliver it.
        produce(kafka, "kill-in", 1000, 1000);
        final Map<TopicPartition, OffsetAndMetadata> checkpoint = kafka.admin().listConsumerGroupOffsets("kill-1")
                .partitionsToOffsetAndMetadata().get();
        final long committedBeforeRestart = checkpoint.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        final Map<Integer, Integer> outputBeforeRestart = perPartition(kafka.consume("kill-out", 20_000,
                Duration.ofSeconds(3))).entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().size()));
        final Process second = launch(dir, kafka, "kill", "kill-in", "kill-out", "100");
        try {
            await().atMost(TIMEOUT).until(() -> distinct(kafka, "kill-out", 20_000) >= 4000);
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }

        assertThat(committedBeforeRestart).isGreaterThan(0);
        final Map<Integer, List<String>> out = perPartition(kafka.consume("kill-out", 20_000, Duration.ofSeconds(5)));
        for (int p = 0; p < 2; p++) {
            final List<String> values = out.get(p);
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                expected.add("p" + p + "-" + i);
            }
            assertThat(values).containsAll(expected);
            // The restarted container's output starts at the checkpoint and runs in order to the end.
            final OffsetAndMetadata committed = checkpoint.get(new TopicPartition("kill-in", p));
            final int resumedAt = committed == null ? 0 : (int) committed.offset();
            final int before = outputBeforeRestart.getOrDefault(p, 0);
            assertThat(values.subList(before, values.size())).containsExactlyElementsOf(expected.subList(resumedAt, 2000));
        }
        assertThat(second.exitValue()).as("exit status after SIGTERM; log in %s", dir).isZero();
    }
}
