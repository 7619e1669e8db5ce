package dev.riffle.yarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three scripts against the grid's own processes: {@code scripts/grid} starts Kafka, a
 * ResourceManager and a NodeManager on ports of their own (so a developer's grid is left alone),
 * under {@code target/grid-it}; then {@code run-job.sh --wait}, {@code status-job.sh} and
 * {@code kill-job.sh} run as a user would run them.
 */
class GridScriptsIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path GRID_HOME = Path.of("target", "grid-it").toAbsolutePath();
    private static final int BASE = 19_100;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Map<String, String> ENV = new HashMap<>();

    @BeforeAll
    static void startGrid() throws Exception {
        ENV.put("RIFFLE_GRID_HOME", GRID_HOME.toString());
        ENV.put("RIFFLE_KAFKA_PORT", String.valueOf(BASE));
        ENV.put("RIFFLE_KAFKA_CONTROLLER_PORT", String.valueOf(BASE + 1));
        ENV.put("RIFFLE_YARN_RM_PORT", String.valueOf(BASE + 2));
        ENV.put("RIFFLE_YARN_SCHEDULER_PORT", String.valueOf(BASE + 3));
        ENV.put("RIFFLE_YARN_TRACKER_PORT", String.valueOf(BASE + 4));
        ENV.put("RIFFLE_YARN_ADMIN_PORT", String.valueOf(BASE + 5));
        ENV.put("RIFFLE_YARN_WEB_PORT", String.valueOf(BASE + 6));
        ENV.put("RIFFLE_YARN_NM_PORT", String.valueOf(BASE + 7));
        ENV.put("RIFFLE_YARN_NM_LOCALIZER_PORT", String.valueOf(BASE + 8));
        ENV.put("RIFFLE_YARN_NM_WEB_PORT", String.valueOf(BASE + 9));
        final Result started = run(List.of(REPO.resolve("scripts/grid").toString(), "start", "kafka", "yarn"));
        assertThat(started.exit).as("scripts/grid start kafka yarn:%n%s", started.output).isZero();
    }

    @AfterAll
    static void stopGrid() throws Exception {
        run(List.of(REPO.resolve("scripts/grid").toString(), "stop", "kafka", "yarn"));
    }

    @Test
    void shouldRunShowAndKillAJobWithTheScripts() throws Exception {
        final String bootstrap = "127.0.0.1:" + BASE;
        final String name = "grid-it-" + Long.toString(System.nanoTime(), 36);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name + "-in", 2, (short) 1), new NewTopic(name + "-out", 1, (short) 1)))
                    .all().get(60, TimeUnit.SECONDS);
        }
        final Path config = Path.of("target").toAbsolutePath().resolve(name + ".properties");
        Files.writeString(config, String.join("\n", "job.name=" + name, "job.container.count=2",
                "task.class=" + PassThroughTask.class.getName(), "task.inputs=" + name + "-in",
                "passthrough.output=" + name + "-out", "systems.kafka.bootstrap.servers=" + bootstrap,
                "task.batch.wait.ms=10", "task.opts=-Xmx160m", "yarn.am.opts=-Xmx160m",
                "yarn.am.memory.mb=256", "yarn.container.memory.mb=256") + "\n");
        final Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final Set<String> keys = produce(bootstrap, name + "-in", 20);

        try (OutputWatcher output = new OutputWatcher(consumer, name + "-out")) {
            final long submitted = System.currentTimeMillis();
            final Result submit = run(List.of(REPO.resolve("scripts/run-job.sh").toString(), "--config-path",
                    config.toString(), "--package", TestPackage.get().toString(), "--wait"));
            final long running = System.currentTimeMillis();
            assertThat(submit.exit).as("run-job.sh:%n%s", submit.output).isZero();
            final Matcher id = Pattern.compile("application (application_\\d+_\\d+)").matcher(submit.output);
            assertThat(id.find()).as("an application id in%n%s", submit.output).isTrue();
            await("every record processed on the grid").atMost(TIMEOUT).until(() -> output.keys().containsAll(keys));
            final long first = keys.stream().mapToLong(output::firstSeenMs).min().orElseThrow();

            final Result status = run(List.of(REPO.resolve("scripts/status-job.sh").toString(), id.group(1)));
            assertThat(status.exit).as("status-job.sh:%n%s", status.output).isZero();
            assertThat(status.output).contains("RUNNING", "Partition 0", "Partition 1", name + "_1");

            final Result kill = run(List.of(REPO.resolve("scripts/kill-job.sh").toString(), "--config-path", config.toString()));
            assertThat(kill.exit).as("kill-job.sh:%n%s", kill.output).isZero();
            assertThat(kill.output).contains("is KILLED");
            System.out.printf("NUMBERS grid (scripts/grid + scripts/run-job.sh --wait): submit -> RUNNING %d ms; "
                    + "submit -> first record processed %d ms%n", running - submitted, first - submitted);
        }
    }

    private static Set<String> produce(final String bootstrap, final String topic, final int perPartition) throws Exception {
        final Set<String> keys = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            final List<Future<?>> sends = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                for (int n = 0; n < perPartition; n++) {
                    final String key = "g-" + p + "-" + n;
                    keys.add(key);
                    sends.add(producer.send(new ProducerRecord<>(topic, p, key, key)));
                }
            }
            for (Future<?> s : sends) {
                s.get();
            }
        }
        return keys;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(final List<String> command) throws IOException, InterruptedException {
        // Output goes to a file: processes the grid starts in the background must not hold our pipe open.
        final Path log = Files.createTempFile(Path.of("target"), "script-", ".log");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("HADOOP_CONF_DIR");
        builder.environment().putAll(ENV);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        final String text = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", command) + "\n" + text);
        return new Result(process.exitValue(), text);
    }
}
