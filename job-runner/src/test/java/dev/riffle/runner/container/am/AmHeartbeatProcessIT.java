package dev.riffle.runner.container.am;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.local.ItTasks;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.ContainerModelDocument;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

/**
 * {@link ContainerMain} as its own process on a real broker, reporting to a JDK HTTP server that
 * plays the application master: the AM's shutdown commits and exits 0; a container the AM no longer
 * recognises exits 1 without committing.
 */
@ExtendWith(FixturesExtension.class)
class AmHeartbeatProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String YARN_ID = "container_1764133975000_0001_01_000002";

    private final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    private volatile String answer = "{\"recognised\": true, \"shutdown\": false, \"reason\": \"\"}";
    private HttpServer am;
    private Process container;

    @BeforeEach
    void startAm() throws IOException {
        am = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        am.createContext("/api/heartbeat", this::answer);
        am.start();
    }

    @AfterEach
    void stopAll() {
        if (container != null && container.isAlive()) {
            container.destroyForcibly();
        }
        am.stop(0);
    }

    private void answer(final HttpExchange exchange) throws IOException {
        heartbeats.add(JSON.readTree(exchange.getRequestBody()));
        final byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Process launch(final KafkaFixture kafka, final String job, final String input, final String output)
            throws IOException {
        final Path dir = Files.createDirectories(Path.of("target", "am-heartbeat-process-it"));
        final Path config = dir.resolve(job + ".properties");
        Files.deleteIfExists(dir.resolve(job + ".log")); // the log is asserted on: no lines from an earlier run
        Files.writeString(config, String.join("\n",
                "job.name=" + job,
                "task.class=" + ItTasks.PassThrough.class.getName(),
                "task.inputs=" + input,
                "it.output=" + output,
                "task.batch.size=100",
                "task.batch.wait.ms=20",
                "task.commit.ms=3600000", // commits only when stopping, so the offsets show whether it did
                "systems.kafka.bootstrap.servers=" + kafka.bootstrapServers(), ""));
        final ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ContainerLaunch.MAIN_CLASS);
        builder.environment().put(ContainerLaunch.ENV_CONFIG_PATH, config.toString());
        builder.environment().put(ContainerLaunch.ENV_CONTAINER_ID, "0");
        builder.environment().put(ContainerLaunch.ENV_CONTAINER_MODEL, ContainerModelDocument.of(job + "-1",
                JobModel.build(job, "1", List.of(input), Map.of(input, 2), 1).container("0")).encode());
        builder.environment().put(ContainerLaunch.ENV_AM_URL, "http://127.0.0.1:" + am.getAddress().getPort());
        builder.environment().put(ContainerLaunch.ENV_YARN_CONTAINER_ID, YARN_ID);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), job + ".log")));
        container = builder.start();
        return container;
    }

    private static void produce(final KafkaFixture kafka, final String topic, final int perPartition) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k", "p" + p + "-" + i));
                }
            }
            producer.flush();
        }
    }

    private static long distinct(final KafkaFixture kafka, final String topic, final int max) {
        return kafka.consume(topic, max, Duration.ofSeconds(3)).stream().map(ConsumerRecord::value).distinct().count();
    }

    private boolean reported(final long records) {
        return heartbeats.stream().anyMatch(h -> h.path("metrics").path("records").asLong() >= records);
    }

    private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(final KafkaFixture kafka, final String group)
            throws Exception {
        return kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    @Test
    void shouldCommitAndExitZeroWhenTheAmAsksForShutdown(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("hbstop-in", 2);
        kafka.createTopic("hbstop-out", 2);
        produce(kafka, "hbstop-in", 300);
        final Process process = launch(kafka, "hbstop", "hbstop-in", "hbstop-out");

        await().atMost(TIMEOUT).until(() -> distinct(kafka, "hbstop-out", 600) >= 600 && reported(600));
        final JsonNode last = heartbeats.get(heartbeats.size() - 1);
        assertThat(last.path("container").asText()).isEqualTo("0");
        assertThat(last.path("yarnContainerId").asText()).isEqualTo(YARN_ID);
        assertThat(last.path("pid").asLong()).isEqualTo(process.pid());
        assertThat(last.path("tasks")).extracting(t -> t.path("partition").asInt()).containsExactly(0, 1);
        answer = "{\"recognised\": true, \"shutdown\": true, \"reason\": \"The job is stopping; commit and exit.\"}";

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status; log in target/am-heartbeat-process-it").isZero();
        final Map<TopicPartition, OffsetAndMetadata> offsets = groupOffsets(kafka, "hbstop-1");
        assertThat(offsets.get(new TopicPartition("hbstop-in", 0)).offset()).isEqualTo(300);
        assertThat(offsets.get(new TopicPartition("hbstop-in", 1)).offset()).isEqualTo(300);
    }

    @Test
    void shouldExitOneWithoutCommittingWhenTheAmNoLongerRecognisesIt(final KafkaFixture kafka) throws Exception {
        kafka.createTopic("hbzombie-in", 2);
        kafka.createTopic("hbzombie-out", 2);
        produce(kafka, "hbzombie-in", 300);
        final Process process = launch(kafka, "hbzombie", "hbzombie-in", "hbzombie-out");

        await().atMost(TIMEOUT).until(() -> distinct(kafka, "hbzombie-out", 600) >= 600 && reported(600));
        answer = "{\"recognised\": false, \"shutdown\": true, \"reason\": \"Logical container 0 is run by container"
                + " container_1764133975000_0001_01_000003\"}";

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status; log in target/am-heartbeat-process-it").isEqualTo(1);
        assertThat(groupOffsets(kafka, "hbzombie-1")).isEmpty();
        assertThat(Files.readString(Path.of("target", "am-heartbeat-process-it", "hbzombie.log")))
                .contains("the application master no longer recognises container 0 in YARN container " + YARN_ID)
                .contains("container_1764133975000_0001_01_000003");
    }
}
