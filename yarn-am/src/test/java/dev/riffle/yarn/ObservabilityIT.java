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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.YarnFixture;
import dev.riffle.yarn.am.metrics.PrometheusText;
import dev.riffle.yarn.client.HadoopConf;
import dev.riffle.yarn.client.KillJob;
import dev.riffle.yarn.client.LogsJob;
import dev.riffle.yarn.client.RunJob;
import dev.riffle.yarn.client.StatusJob;

/**
 * One job ({@link PassThroughOrFailTask}, two containers over four partitions, a memory checkpoint store) on a
 * MiniYARNCluster with a real Kafka broker, observed from outside: the AM's {@code /metrics} parsed
 * strictly, {@code status-job.sh --watch}, then {@code logs-job.sh} while it runs and after it was killed. The tests run in order
 * and share the job, so the cluster runs one application for all of them.
 */
@ExtendWith(FixturesExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 4;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static YarnClient yarn;
    private static KafkaFixture kafka;
    private static String jobName;
    private static String input;
    private static ApplicationId app;
    private static String trackingUrl;

    @BeforeAll
    static void submitJob(final KafkaFixture kafkaFixture, final YarnFixture cluster) throws Exception {
        kafka = kafkaFixture;
        System.setProperty(HadoopConf.CONF_DIR_PROPERTY, cluster.hadoopConfDir().toString());
        yarn = YarnClient.createYarnClient();
        yarn.init(cluster.configuration());
        yarn.start();
        jobName = "obs-it-" + Long.toString(System.nanoTime(), 36);
        input = jobName + "-in";
        kafka.createTopic(input, PARTITIONS);
        kafka.createTopic(jobName + "-out", 1);
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("job.name", jobName);
        props.put("job.factory", "yarn");
        props.put("job.container.count", "2");
        props.put("task.class", PassThroughOrFailTask.class.getName());
        props.put("task.inputs", input);
        props.put("task.commit.ms", "200");
        props.put("task.batch.wait.ms", "10");
        props.put("task.opts", "-Xmx160m");
        props.put("task.checkpoint.store", "checkpoints");
        props.put("stores.checkpoints.factory", "memory");
        props.put("passthrough.output", jobName + "-out");
        props.put("systems.kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("yarn.am.memory.mb", "256");
        props.put("yarn.am.opts", "-Xmx160m");
        props.put("yarn.container.memory.mb", "256");
        props.put("yarn.am.shutdown.grace.ms", "3000");
        final Path config = Path.of("target").toAbsolutePath().resolve(jobName + ".properties");
        Files.writeString(config, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            final List<Future<?>> sends = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                for (int n = 0; n < 25; n++) {
                    sends.add(producer.send(new ProducerRecord<>(input, p, "k-" + p + "-" + n, "v")));
                }
            }
            for (Future<?> s : sends) {
                s.get();
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int exit = new CommandLine(new RunJob(new PrintStream(out, true), System.err)).execute("--config-path",
                config.toString(), "--package", TestPackage.get().toString(), "--wait");
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("run-job exit status; output:%n%s", printed).isZero();
        final Matcher m = Pattern.compile("application (application_\\d+_\\d+)").matcher(printed);
        assertThat(m.find()).as("an application id in%n%s", printed).isTrue();
        app = ApplicationId.fromString(m.group(1));
        final Matcher url = Pattern.compile("Tracking URL: (\\S+)").matcher(printed);
        assertThat(url.find()).as("a tracking URL in%n%s", printed).isTrue();
        trackingUrl = url.group(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null && !EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
                YarnApplicationState.KILLED).contains(yarn.getApplicationReport(app).getYarnApplicationState())) {
            yarn.killApplication(app);
        }
        yarn.close();
    }

    @Test
    @Order(1)
    void shouldServeStrictlyParseablePrometheusMetricsOfEveryContainerTaskAndPartition() throws Exception {
        final String base = amUrl();
        await("every record counted in /metrics").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> sum(PrometheusText.parse(get(base + "/metrics")), "riffle_task_records_processed_total")
                        == PARTITIONS * 25);

        final long began = System.nanoTime();
        final String text = get(base + "/metrics");
        final long scrapeMs = (System.nanoTime() - began) / 1_000_000;
        final Map<String, PrometheusText.Family> families = PrometheusText.parse(text);

        assertThat(families.get("riffle_task_records_processed_total").type()).isEqualTo("counter");
        assertThat(families.get("riffle_task_records_processed_total").samples())
                .extracting(s -> s.labels().get("partition")).containsExactlyInAnyOrder("0", "1", "2", "3");
        assertThat(families.get("riffle_task_records_processed_total").samples())
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("job", jobName + "_1")
                        .containsKeys("container", "task"));
        assertThat(families.get("riffle_partition_lag_records").samples())
                .extracting(s -> s.labels().get("topic") + "-" + s.labels().get("partition"))
                .containsExactlyInAnyOrder(input + "-0", input + "-1", input + "-2", input + "-3");
        assertThat(families.get("riffle_partition_lag_records").samples()).allSatisfy(s -> assertThat(s.value()).isZero());
        assertThat(families.get("riffle_task_process_seconds").type()).isEqualTo("histogram");
        assertThat(sum(families, "riffle_task_process_seconds_count")).isPositive();
        assertThat(sum(families, "riffle_task_commit_seconds_count")).isPositive();
        assertThat(families.get("riffle_store_call_seconds").samples())
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("store", "checkpoints").containsEntry("op", "commit"));
        assertThat(families.get("riffle_job_state").samples())
                .anySatisfy(s -> assertThat(s).matches(x -> "RUNNING".equals(x.labels().get("state")) && x.value() == 1));
        assertThat(sum(families, "riffle_job_containers")).isEqualTo(2);
        assertThat(families.get("riffle_container_restarts_total").samples()).hasSize(2);
        System.out.printf("NUMBERS /metrics: %d families, %d bytes, scraped in %d ms%n", families.size(),
                text.length(), scrapeMs);
    }

    @Test
    @Order(2)
    void shouldBeReachableThroughTheResourceManagersProxy() throws Exception {
        assertThat(trackingUrl).endsWith("/proxy/" + app + "/");
        final String url = trackingUrl + "metrics";

        final Map<String, PrometheusText.Family> families = PrometheusText.parse(get(url));

        assertThat(families).containsKey("riffle_task_records_processed_total");
    }

    @Test
    @Order(3)
    void shouldRedrawTheStatusTableWithWatchUntilInterrupted() throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread watch = new Thread(() -> exit.set(new CommandLine(new StatusJob(
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).execute("--watch", "1", app.toString())));
        watch.start();

        await("three frames of status-job.sh --watch 1").atMost(TIMEOUT)
                .until(() -> frames(out.toString(StandardCharsets.UTF_8)) >= 3);
        watch.interrupt();
        watch.join(TIMEOUT.toMillis());

        final String printed = out.toString(StandardCharsets.UTF_8);
        final String last = printed.substring(printed.lastIndexOf(StatusJob.CLEAR_SCREEN));
        assertThat(last).contains("Every 1 s", "Job " + jobName + "_1 (" + app + ", AM attempt 1): RUNNING")
                .containsPattern("\\n0\\s+RUNNING\\s+\\S+\\s+container_").contains("Partition 3");
        assertThat(exit.get()).as("the status after an interrupt").isEqualTo(1);
    }

    private static int frames(final String printed) {
        return printed.split(Pattern.quote(StatusJob.CLEAR_SCREEN), -1).length - 1;
    }

    @Test
    @Order(4)
    void shouldShowTheLogOfALogicalContainerWhileTheJobRuns() {
        final Result logs = logs(app.toString(), "--container", "0", "--log-file", "stdout");

        assertThat(logs.exit).as("logs-job.sh exit status; stderr:%n%s", logs.err).isZero();
        assertThat(logs.out).contains("job=" + jobName + "-1 container=0 task=Partition 0 ")
                .contains("job=" + jobName + "-1 container=0 task=Partition 2 ")
                .doesNotContain(" container=1 ", " container=am ");
        // Every log line names job and container, also those of Kafka's own client threads.
        assertThat(logs.out.lines().filter(line -> line.matches("^\\d{4}-\\d{2}-\\d{2}T.*")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(" job=" + jobName + "-1 container=0 "));
    }

    @Test
    @Order(5)
    void shouldFollowTheLogOfARunningContainerPrintingOnlyWhatIsAdded() throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Thread follow = new Thread(() -> new CommandLine(new LogsJob(new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err)).execute(app.toString(), "--container", "0", "--follow"));
        follow.setDaemon(true);
        follow.start();
        await("the log so far").atMost(TIMEOUT).until(() -> out.toString(StandardCharsets.UTF_8).contains(" container=0 "));

        final String key = "follow-me-" + System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            producer.send(new ProducerRecord<>(input, 0, key, "fail")).get();
        }
        await("the line the rejected record adds").atMost(TIMEOUT)
                .until(() -> out.toString(StandardCharsets.UTF_8).contains("rejects record " + key));
        // LogsCLI's HTTP client may swallow one interrupt; the loop's sleep takes the next.
        await("--follow to stop on interrupt").atMost(TIMEOUT).until(() -> {
            follow.interrupt();
            return !follow.isAlive();
        });

        final String printed = out.toString(StandardCharsets.UTF_8);
        // A re-read that is not a continuation is printed whole under a new header: one header means
        // every later read printed only what was added.
        assertThat(printed.split("==> container_", -1)).as("headers in%n%s", printed).hasSize(2);
        assertThat(printed.indexOf(" container=0 ")).isLessThan(printed.indexOf(key));
    }

    @Test
    @Order(6)
    void shouldShowTheAggregatedLogOfALogicalContainerAfterTheJobEnded() throws Exception {
        assertThat(new CommandLine(new KillJob(System.out, System.err)).execute(app.toString())).isZero();

        // Aggregation finishes shortly after the application ends; until then there is nothing to show.
        await("aggregated logs of container 1").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    final Result r = logs(app.toString(), "--container", "1");
                    assertThat(r.exit).as("logs-job.sh exit status; stderr:%n%s", r.err).isZero();
                });
        final Result logs = logs(app.toString(), "--container", "1");

        assertThat(logs.out).contains(" container=1 task=Partition 1 ", "LogType:stdout")
                .contains("committed every task and stops").doesNotContain(" container=0 ");
        final Result am = logs(app.toString(), "--container", "am");
        assertThat(am.out).contains(" container=am ").contains("registered with the ResourceManager");
    }

    @Test
    @Order(7)
    void shouldExitWithStatusTwoOnABadContainerAndOneOnAnUnknownApplication() {
        assertThat(logs(app.toString(), "--container", "zero").exit).isEqualTo(2);
        assertThat(logs("application_1_99999").exit).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------

    private record Result(int exit, String out, String err) {
    }

    private static Result logs(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new CommandLine(new LogsJob(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String amUrl() throws Exception {
        final String url = yarn.getApplicationReport(app).getOriginalTrackingUrl();
        return (url.startsWith("http") ? url : "http://" + url).replaceAll("/$", "");
    }

    private static String get(final String url) throws IOException, InterruptedException {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    private static double sum(final Map<String, PrometheusText.Family> families, final String sample) {
        return families.values().stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().equals(sample))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }
}
