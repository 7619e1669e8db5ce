package dev.riffle.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.container.Containers;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.model.JobModel;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

/** The runtime against a real Kafka broker, through the local runner (one thread per container). */
@ExtendWith(FixturesExtension.class)
class LocalJobRunnerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static JobConfig config(final KafkaFixture kafka, final String job, final String input, final String output,
                                    final Class<?> task, final Map<String, String> extra) {
        final Map<String, String> values = new HashMap<>(Map.of(
                "job.name", job,
                "job.factory", "local",
                "task.class", task.getName(),
                "task.inputs", input,
                "it.output", output,
                "systems.kafka.bootstrap.servers", kafka.bootstrapServers(),
                "task.batch.wait.ms", "20",
                "task.commit.ms", "200"));
        values.putAll(extra);
        return JobConfig.of(values);
    }

    private static void produce(final KafkaFixture kafka, final String topic, final int partitions, final int perPartition,
                                final int from) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = from; i < from + perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k" + i, "p" + p + "-" + i));
                }
            }
            producer.flush();
        }
    }

    private static CompletableFuture<Integer> start(final LocalJobRunner runner) {
        return CompletableFuture.supplyAsync(runner::run);
    }

    private static Map<Integer, List<String>> byPartition(final List<ConsumerRecord<String, String>> records) {
        final Map<Integer, List<String>> result = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            result.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value());
        }
        return result;
    }

    private static List<String> expected(final int partition, final int from, final int to) {
        final List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("p" + partition + "-" + i);
        }
        return values;
    }

    @Test
    void shouldDeliverEveryRecordOfThreePartitionsExactlyOnceInOrderPerPartition(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("pt-in", 3);
        kafka.createTopic("pt-out", 3);
        produce(kafka, "pt-in", 3, 400, 0);
        final LocalJobRunner runner = new LocalJobRunner(config(kafka, "pt", "pt-in", "pt-out", ItTasks.PassThrough.class,
                Map.of("job.container.count", "2", "task.batch.size", "50")));
        final CompletableFuture<Integer> status = start(runner);

        await().atMost(TIMEOUT).until(() -> kafka.consume("pt-out", 1200, Duration.ofSeconds(5)).size() >= 1200);
        runner.stop();

        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(ContainerMain.EXIT_OK);
        assertThat(runner.model().containers()).hasSize(2);
        final List<ConsumerRecord<String, String>> out = kafka.consume("pt-out", 1201, Duration.ofSeconds(3));
        final Map<Integer, List<String>> got = byPartition(out);
        assertThat(out).hasSize(1200);
        for (int p = 0; p < 3; p++) {
            assertThat(got.get(p)).containsExactlyElementsOf(expected(p, 0, 400));
        }
    }

    @Test
    void shouldResumeFromTheLastCheckpointAfterACrashWithNothingLost(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("crash-in", 3);
        kafka.createTopic("crash-out", 3);
        produce(kafka, "crash-in", 3, 2000, 0);
        final JobConfig config = config(kafka, "crash", "crash-in", "crash-out", ItTasks.PassThrough.class,
                Map.of("task.batch.size", "100", "task.commit.ms", "0",
                        "systems.kafka.consumer.max.poll.records", "100"));

        // First run: process part of the input, then "crash": close without a final commit.
        final ContainerLoop crashing = Containers.kafkaLoop(config, JobModel.build(config, Map.of("crash-in", 3))
                .container("0"));
        crashing.start();
        while (crashing.stats().tasks().stream().mapToLong(t -> t.records()).sum() < 1500) {
            crashing.runOnce(100, false);
        }
        crashing.close(false);
        final Map<TopicPartition, OffsetAndMetadata> checkpoint = kafka.admin()
                .listConsumerGroupOffsets("crash-1").partitionsToOffsetAndMetadata().get();
        final Map<Integer, Integer> outputBeforeRestart = byPartition(kafka.consume("crash-out", 6000,
                Duration.ofSeconds(3))).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
        assertThat(checkpoint).isNotEmpty();

        // Second run: resumes from the checkpoint and finishes.
        final LocalJobRunner runner = new LocalJobRunner(config);
        final CompletableFuture<Integer> status = start(runner);
        await().atMost(TIMEOUT).until(() -> kafka.consume("crash-out", 6000, Duration.ofSeconds(5)).stream()
                .map(ConsumerRecord::value).distinct().count() >= 6000);
        runner.stop();
        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(ContainerMain.EXIT_OK);

        final Map<Integer, List<String>> got = byPartition(kafka.consume("crash-out", 100_000, Duration.ofSeconds(5)));
        for (int p = 0; p < 3; p++) {
            final List<String> values = got.get(p);
            assertThat(values).containsAll(expected(p, 0, 2000));
            final int before = outputBeforeRestart.getOrDefault(p, 0);
            final long resumedAt = checkpoint.containsKey(new TopicPartition("crash-in", p))
                    ? checkpoint.get(new TopicPartition("crash-in", p)).offset() : 0;
            // The restarted job's first output of this partition is the record at the checkpoint.
            assertThat(values.get(before)).isEqualTo("p" + p + "-" + resumedAt);
            assertThat(values.subList(before, values.size())).containsExactlyElementsOf(expected(p, (int) resumedAt, 2000));
        }
    }

    @Test
    void shouldSendAPoisonRecordToTheDeadLetterTopicAndProcessTheRecordsAfterIt(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("poison-in", 1);
        kafka.createTopic("poison-out", 1);
        kafka.createTopic("poison-dead-letters", 1);
        kafka.produce("poison-in", List.of(Map.entry("a", "{\"n\":1}"), Map.entry("b", "{oops"), Map.entry("c", "{\"n\":3}")));
        final LocalJobRunner runner = new LocalJobRunner(config(kafka, "poison", "poison-in", "poison-out",
                ItTasks.PassThrough.class, Map.of("streams.poison-in.msg.serde", "json")));
        final CompletableFuture<Integer> status = start(runner);

        await().atMost(TIMEOUT).until(() -> kafka.consume("poison-out", 2, Duration.ofSeconds(3)).size() >= 2);
        final List<ConsumerRecord<String, String>> dead = kafka.consume("poison-dead-letters", 1, Duration.ofSeconds(30));
        runner.stop();

        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(ContainerMain.EXIT_OK);
        assertThat(kafka.consume("poison-out", 3, Duration.ofSeconds(3))).extracting(ConsumerRecord::value)
                .containsExactly("{\"n\":1}", "{\"n\":3}");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo("{oops");
        assertThat(header(dead.get(0), DeadLetters.REASON)).isEqualTo(DeadLetters.REASON_DESERIALIZATION);
        assertThat(header(dead.get(0), DeadLetters.TOPIC)).isEqualTo("poison-in");
        assertThat(header(dead.get(0), DeadLetters.PARTITION)).isEqualTo("0");
        assertThat(header(dead.get(0), DeadLetters.OFFSET)).isEqualTo("1");
        assertThat(header(dead.get(0), DeadLetters.MESSAGE)).contains("json");
    }

    @Test
    void shouldCallWindowWithoutAnyInput(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("tick-in", 1);
        kafka.createTopic("tick-out", 1);
        final LocalJobRunner runner = new LocalJobRunner(config(kafka, "tick", "tick-in", "tick-out", ItTasks.Ticker.class,
                Map.of("task.window.ms", "200")));
        final CompletableFuture<Integer> status = start(runner);

        await().atMost(TIMEOUT).until(() -> kafka.consume("tick-out", 3, Duration.ofSeconds(2)).size() >= 3);
        runner.stop();

        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(ContainerMain.EXIT_OK);
        assertThat(kafka.consume("tick-out", 3, Duration.ofSeconds(2))).extracting(ConsumerRecord::value)
                .containsOnly("tick");
    }

    @Test
    void shouldCommitAndStopTheJobWhenATaskAsksForShutdown(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("stop-in", 1);
        kafka.createTopic("stop-out", 1);
        kafka.produce("stop-in", List.of(Map.entry("a", "one"), Map.entry("b", "stop"), Map.entry("c", "after")));
        final LocalJobRunner runner = new LocalJobRunner(config(kafka, "stopper", "stop-in", "stop-out",
                ItTasks.PassThrough.class, Map.of("task.commit.ms", "600000", "task.batch.size", "1")));

        final int status = start(runner).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(status).isEqualTo(ContainerMain.EXIT_OK);
        assertThat(kafka.consume("stop-out", 3, Duration.ofSeconds(3))).extracting(ConsumerRecord::value)
                .containsExactly("one", "stop");
        assertThat(kafka.admin().listConsumerGroupOffsets("stopper-1").partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition("stop-in", 0)).offset()).isEqualTo(2);
    }

    private static String header(final ConsumerRecord<?, ?> record, final String name) {
        final Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
