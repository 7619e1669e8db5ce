package dev.riffle.yarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.YarnFixture;
import dev.riffle.yarn.client.HadoopConf;
import dev.riffle.yarn.client.KillJob;
import dev.riffle.yarn.client.RunJob;

/**
 * The Riffle client and application master on a MiniYARNCluster (two NodeManagers) with a real Kafka
 * broker, running {@link PassThroughTask} from a job package built of the test classpath.
 */
@ExtendWith(FixturesExtension.class)
class YarnJobIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final EnumSet<YarnApplicationState> ENDED =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
    private static final AtomicInteger JOBS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaFixture kafka;
    private static YarnFixture yarnFixture;
    private static YarnClient yarn;
    private static KafkaProducer<String, String> producer;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void startClients(final KafkaFixture kafkaFixture, final YarnFixture yarnCluster) {
        kafka = kafkaFixture;
        yarnFixture = yarnCluster;
        System.setProperty(HadoopConf.CONF_DIR_PROPERTY, yarnCluster.hadoopConfDir().toString());
        yarn = YarnClient.createYarnClient();
        yarn.init(yarnCluster.configuration());
        yarn.start();
        producer = new KafkaProducer<>(kafka.producerConfig());
        TestPackage.get();
    }

    @AfterAll
    static void stopClients() throws IOException {
        producer.close();
        yarn.close();
    }

    @AfterEach
    void killLeftovers() throws Exception {
        for (ApplicationReport r : yarn.getApplications(EnumSet.complementOf(ENDED))) {
            yarn.killApplication(r.getApplicationId());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void shouldDeliverEveryRecordWithTwoContainersOverFourPartitions() throws Exception {
        final Job job = newJob(4, Map.of());
        final OutputWatcher output = watch(job.output);
        final Set<String> keys = produce(job.input, 4, 50, "r");

        final long submitted = System.currentTimeMillis();
        final ApplicationId app = submit(job.configPath);
        awaitState(app, YarnApplicationState.RUNNING);
        final long running = System.currentTimeMillis();
        await("every record in " + job.output).atMost(TIMEOUT).until(() -> output.keys().containsAll(keys));
        final long firstRecord = keys.stream().mapToLong(output::firstSeenMs).min().orElseThrow();

        final Map<String, Object> status = status(app);
        assertThat(containers(status)).hasSize(2).allSatisfy(c -> assertThat(c.get("host")).isNotNull());
        assertThat(containers(status)).extracting(c -> c.get("partitions"))
                .containsExactlyInAnyOrder(List.of(0, 2), List.of(1, 3));
        System.out.printf("NUMBERS MiniYARNCluster: submit -> RUNNING %d ms; submit -> first record processed %d ms%n",
                running - submitted, firstRecord - submitted);
    }

    @Test
    void shouldRelaunchAKilledContainerAndLoseNothing() throws Exception {
        final Job job = newJob(4, Map.of());
        final OutputWatcher output = watch(job.output);
        final Set<String> before = produce(job.input, 4, 20, "before");
        final ApplicationId app = submit(job.configPath);
        await().atMost(TIMEOUT).until(() -> output.keys().containsAll(before));
        final String victim = yarnContainerOf(app, "0");

        final long killedAt = System.currentTimeMillis();
        killProcessTree(ContainerId.fromString(victim));
        final Set<String> after = produce(job.input, 4, 20, "after");

        await("records produced after the SIGKILL").atMost(TIMEOUT).until(() -> output.keys().containsAll(after));
        final long resumed = after.stream().filter(k -> partitionOf(k) % 2 == 0).mapToLong(output::firstSeenMs).min().orElseThrow();
        await("logical container 0 relaunched").atMost(TIMEOUT).until(() -> !victim.equals(yarnContainerOf(app, "0")));
        final Map<String, Object> zero = containers(status(app)).get(0);
        assertThat(zero.get("restarts")).isEqualTo(1);
        assertThat(output.keys()).containsAll(before);
        System.out.printf("NUMBERS MiniYARNCluster: container SIGKILL -> processing resumed %d ms%n", resumed - killedAt);
    }

    @Test
    void shouldFailTheApplicationNamingTheContainerWhenTheRetryBudgetIsExhausted() throws Exception {
        final Job job = newJob(2, Map.of("task.class", CrashingTask.class.getName(), "task.error.policy", "fail",
                "job.container.count", "1", "yarn.container.retry.count", "2"));
        produce(job.input, 2, 1, "boom");

        final ApplicationId app = submit(job.configPath);

        final ApplicationReport report = awaitEnd(app);
        assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
        assertThat(report.getDiagnostics()).contains("Logical container 0", "yarn.container.retry.count=2",
                "last exit status was 1");
    }

    @Test
    void shouldExitWithStatusTwoAndSubmitNothingOnABadConfig() throws Exception {
        final Job job = newJob(1, Map.of("job.container.count", "zero"));
        final int appsBefore = yarn.getApplications().size();

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new CommandLine(new RunJob(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true)))
                .execute("--config-path", job.configPath.toString(), "--package", TestPackage.get().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("config error: job.container.count:");
        assertThat(yarn.getApplications()).hasSize(appsBefore);
    }

    @Test
    void shouldStopGracefullyWithKillJobAndEndKilled() throws Exception {
        // No periodic commits: the offsets can only reach the end through the commit on stop.
        final Job job = newJob(2, Map.of("task.commit.ms", "3600000"));
        final OutputWatcher output = watch(job.output);
        final Set<String> keys = produce(job.input, 2, 30, "k");
        final ApplicationId app = submit(job.configPath);
        await().atMost(TIMEOUT).until(() -> output.keys().containsAll(keys));

        final int exit = new CommandLine(new KillJob(System.out, System.err)).execute(app.toString());

        assertThat(exit).isEqualTo(0);
        assertThat(yarn.getApplicationReport(app).getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
        final Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin()
                .listConsumerGroupOffsets(job.name + "-1").partitionsToOffsetAndMetadata().get();
        for (int p = 0; p < 2; p++) {
            final TopicPartition tp = new TopicPartition(job.input, p);
            final long end = kafka.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
            assertThat(committed.get(tp)).as("committed offset of %s", tp).isNotNull();
            assertThat(committed.get(tp).offset()).as("committed offset of %s", tp).isEqualTo(end);
        }
    }

    @Test
    void shouldProcessPartitionsAddedWhileRunning() throws Exception {
        final Job job = newJob(2, Map.of("yarn.am.partition.check.ms", "1000"));
        final OutputWatcher output = watch(job.output);
        final Set<String> first = produce(job.input, 2, 10, "old");
        final ApplicationId app = submit(job.configPath);
        await().atMost(TIMEOUT).until(() -> output.keys().containsAll(first));

        kafka.addPartitions(job.input, 4);
        final Set<String> added = produce(job.input, 4, 10, "new");

        await("records of the added partitions").atMost(TIMEOUT).until(() -> output.keys().containsAll(added));
        await().atMost(TIMEOUT).until(() -> ((Number) status(app).get("taskCount")).intValue() == 4);
    }

    @Test
    void shouldAdoptRunningContainersWhenTheApplicationMasterIsKilled() throws Exception {
        final Job job = newJob(4, Map.of());
        final OutputWatcher output = watch(job.output);
        final Set<String> before = produce(job.input, 4, 10, "pre");
        final ApplicationId app = submit(job.configPath);
        await().atMost(TIMEOUT).until(() -> output.keys().containsAll(before));
        final Set<String> runners = Set.of(yarnContainerOf(app, "0"), yarnContainerOf(app, "1"));
        final ContainerId am = yarn.getApplicationAttemptReport(yarn.getApplicationReport(app).getCurrentApplicationAttemptId())
                .getAMContainerId();

        killProcessTree(am);
        final Set<String> during = produce(job.input, 4, 10, "during");

        await("records produced while the AM restarts").atMost(TIMEOUT).until(() -> output.keys().containsAll(during));
        await("the second AM attempt").atMost(TIMEOUT).until(() -> {
            final Map<String, Object> s = statusOrNull(app);
            return s != null && ((Number) s.get("attempt")).intValue() == 2 && "RUNNING".equals(s.get("state"));
        });
        final Map<String, Object> status = status(app);
        assertThat(containers(status)).extracting(c -> (String) c.get("yarnContainerId"))
                .as("the second attempt runs the same containers").containsExactlyInAnyOrderElementsOf(runners);
        assertThat(containers(status)).extracting(c -> c.get("restarts")).containsOnly(0);
        // The adopted containers find the second attempt through the ResourceManager and report to it.
        await("heartbeats of the adopted containers at the second attempt").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(containers(status(app))).allSatisfy(c -> assertThat(c.get("heartbeatAgeMs"))
                        .as("heartbeat age of container %s", c.get("id")).isNotNull()));
    }

    /**
     * Three AM deaths with {@code yarn.am.attempts=2}: each comes more than the 10 s validity interval
     * after the one before, so the ResourceManager forgets it and the job keeps running (without the
     * interval the second death would end it).
     */
    @Test
    void shouldOutliveMoreAmFailuresThanAttemptsWhenTheyArePastTheValidityInterval() throws Exception {
        final long validityMs = 10_000;
        final Job job = newJob(2, Map.of("yarn.am.attempts", "2", "yarn.am.attempt.failures.validity.ms",
                Long.toString(validityMs)));
        final OutputWatcher output = watch(job.output);
        final ApplicationId app = submit(job.configPath);
        for (int attempt = 1; attempt <= 3; attempt++) {
            final int current = attempt;
            await("AM attempt " + current + " running").atMost(TIMEOUT).until(() -> {
                final Map<String, Object> s = statusOrNull(app);
                return s != null && ((Number) s.get("attempt")).intValue() == current && "RUNNING".equals(s.get("state"));
            });
            final ApplicationAttemptId killed = yarn.getApplicationReport(app).getCurrentApplicationAttemptId();
            killProcessTree(yarn.getApplicationAttemptReport(killed).getAMContainerId());
            await("attempt " + (current + 1) + " after the death of attempt " + current).atMost(TIMEOUT)
                    .until(() -> yarn.getApplicationReport(app).getCurrentApplicationAttemptId().getAttemptId() > current);
            // The next death must come after this one has left the validity interval.
            await("the death of attempt " + current + " to leave the validity interval").atMost(TIMEOUT).until(() -> {
                final long ended = yarn.getApplicationAttemptReport(killed).getFinishTime();
                return ended > 0 && System.currentTimeMillis() - ended > validityMs;
            });
        }
        final Set<String> keys = produce(job.input, 2, 5, "after");

        await("records processed under the fourth AM attempt").atMost(TIMEOUT).until(() -> output.keys().containsAll(keys));
        assertThat(yarn.getApplicationReport(app).getYarnApplicationState()).isEqualTo(YarnApplicationState.RUNNING);
        assertThat(yarn.getApplicationReport(app).getCurrentApplicationAttemptId().getAttemptId()).isEqualTo(4);
    }

    // ------------------------------------------------------------------------------------------

    private record Job(String name, String input, String output, Path configPath) {
    }

    private Job newJob(final int partitions, final Map<String, String> overrides) throws IOException {
        final String name = "it-job-" + JOBS.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        final String input = name + "-in";
        final String output = name + "-out";
        kafka.createTopic(input, partitions);
        kafka.createTopic(output, 1);
        final Map<String, String> props = new HashMap<>();
        props.put("job.name", name);
        props.put("job.factory", "yarn");
        props.put("job.container.count", "2");
        props.put("task.class", PassThroughTask.class.getName());
        props.put("task.inputs", input);
        props.put("task.commit.ms", "200");
        props.put("task.batch.wait.ms", "10");
        props.put("task.opts", "-Xmx160m");
        props.put("passthrough.output", output);
        props.put("systems.kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("yarn.am.memory.mb", "256");
        props.put("yarn.am.opts", "-Xmx160m");
        props.put("yarn.container.memory.mb", "256");
        props.put("yarn.am.shutdown.grace.ms", "5000");
        props.putAll(overrides);
        final Path file = Path.of("target").toAbsolutePath().resolve(name + ".properties");
        Files.writeString(file, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
        return new Job(name, input, output, file);
    }

    private OutputWatcher watch(final String topic) {
        final OutputWatcher watcher = new OutputWatcher(kafka, topic);
        closeAfter.add(watcher);
        return watcher;
    }

    /** Sends {@code perPartition} records to each partition; keys are {@code <prefix>-<partition>-<n>}. */
    private static Set<String> produce(final String topic, final int partitions, final int perPartition, final String prefix)
            throws Exception {
        final Set<String> keys = new HashSet<>();
        final List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int n = 0; n < perPartition; n++) {
                final String key = prefix + "-" + p + "-" + n;
                keys.add(key);
                sends.add(producer.send(new ProducerRecord<>(topic, p, key, "value of " + key)));
            }
        }
        for (java.util.concurrent.Future<?> s : sends) {
            s.get();
        }
        return keys;
    }

    private static int partitionOf(final String key) {
        final Matcher m = Pattern.compile("-(\\d+)-\\d+$").matcher(key);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static ApplicationId submit(final Path config) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int exit = new CommandLine(new RunJob(new PrintStream(out, true), System.err))
                .execute("--config-path", config.toString(), "--package", TestPackage.get().toString(), "--wait");
        final String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(exit).as("run-job exit status; output:%n%s", printed).isEqualTo(0);
        final Matcher m = Pattern.compile("application (application_\\d+_\\d+)").matcher(printed);
        assertThat(m.find()).as("an application id in%n%s", printed).isTrue();
        return ApplicationId.fromString(m.group(1));
    }

    private static void awaitState(final ApplicationId app, final YarnApplicationState state) {
        await(app + " " + state).atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> yarn.getApplicationReport(app).getYarnApplicationState() == state);
    }

    private static ApplicationReport awaitEnd(final ApplicationId app) throws Exception {
        await(app + " to end").atMost(TIMEOUT).until(() -> ENDED.contains(yarn.getApplicationReport(app).getYarnApplicationState()));
        return yarn.getApplicationReport(app);
    }

    private static Map<String, Object> status(final ApplicationId app) throws Exception {
        final String url = yarn.getApplicationReport(app).getOriginalTrackingUrl();
        final String base = (url.startsWith("http") ? url : "http://" + url).replaceAll("/$", "");
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    private static Map<String, Object> statusOrNull(final ApplicationId app) {
        try {
            return status(app);
        } catch (Exception | AssertionError e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(final Map<String, Object> status) {
        return (List<Map<String, Object>>) status.get("containers");
    }

    /** The YARN container running a logical container, once it is RUNNING. */
    private static String yarnContainerOf(final ApplicationId app, final String logicalId) {
        await("logical container " + logicalId + " running").atMost(TIMEOUT).until(() -> {
            final Map<String, Object> s = statusOrNull(app);
            return s != null && containers(s).stream().anyMatch(c -> logicalId.equals(c.get("id"))
                    && "RUNNING".equals(c.get("state")));
        });
        final Map<String, Object> s = statusOrNull(app);
        return containers(s).stream().filter(c -> logicalId.equals(c.get("id"))).findFirst()
                .map(c -> (String) c.get("yarnContainerId")).orElseThrow();
    }

    /** SIGKILL of a container's process and everything it started (the NodeManager's launch shell runs java). */
    private static void killProcessTree(final ContainerId container) {
        await("the PID file of " + container).atMost(TIMEOUT).until(() -> yarnFixture.containerPid(container).isPresent());
        final ProcessHandle root = ProcessHandle.of(yarnFixture.containerPid(container).orElseThrow()).orElseThrow();
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
