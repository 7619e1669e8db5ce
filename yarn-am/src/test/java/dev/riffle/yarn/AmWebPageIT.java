package dev.riffle.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import dev.riffle.testing.FixturePaths;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.YarnFixture;
import dev.riffle.yarn.client.HadoopConf;
import dev.riffle.yarn.client.RunJob;

/**
 * The application master's web page in a real browser: a {@link PassThroughTask} job on a
 * MiniYARNCluster with a real Kafka broker and records flowing all the time, opened in Debian's
 * headless Chromium (driven by {@code scripts/lib/browser.sh check}, which installs what is missing)
 * at the AM's own address and at the ResourceManager proxy URL that {@code run-job.sh} prints.
 * Screenshots go to {@code target/am-page-*.png}.
 */
@ExtendWith(FixturesExtension.class)
class AmWebPageIT {

    private static final int PARTITIONS = 4;
    private static final String SECRET = "hunter2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaFixture kafka;
    private static YarnClient yarn;
    private static KafkaProducer<String, String> producer;
    private ScheduledExecutorService feeder;

    @BeforeAll
    static void startClients(final KafkaFixture kafkaFixture, final YarnFixture yarnCluster) {
        kafka = kafkaFixture;
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
    void stopJobAndFeeder() throws Exception {
        if (feeder != null) {
            feeder.shutdownNow();
        }
        for (ApplicationReport r : yarn.getApplications(EnumSet.of(YarnApplicationState.NEW, YarnApplicationState.NEW_SAVING,
                YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING))) {
            yarn.killApplication(r.getApplicationId());
        }
    }

    @Test
    void shouldShowContainersAndTasksWithLiveNumbersDirectlyAndThroughTheResourceManagerProxy() throws Exception {
        final String name = "web-job-" + Long.toString(System.nanoTime(), 36);
        final Path config = writeConfig(name);
        feed(name + "-in");

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int exit = new CommandLine(new RunJob(new PrintStream(out, true), System.err))
                .execute("--config-path", config.toString(), "--package", TestPackage.get().toString(), "--wait");
        final String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(exit).as("run-job exit status; output:%n%s", printed).isEqualTo(0);
        final ApplicationId app = ApplicationId.fromString(find("application (application_\\d+_\\d+)", printed));
        final String printedUrl = find("Tracking URL: (\\S+)", printed);

        final String directUrl = originalTrackingUrl(app);
        assertThat(printedUrl).as("the URL run-job.sh prints goes through the ResourceManager's proxy")
                .endsWith("/proxy/" + app + "/").isNotEqualTo(directUrl);

        assertPageIsLive(browse(printedUrl, "proxy", null).get(0), app, name);
        // Opened at the AM itself, the page must say so when the AM goes away: kill the application.
        final List<JsonNode> direct = browse(directUrl, "direct", () -> yarn.killApplication(app));
        assertPageIsLive(direct.get(0), app, name);
        final JsonNode gone = direct.get(1);
        assertThat(gone.path("waitError").asText()).isEmpty();
        assertThat(gone.path("unreachable").asText()).startsWith("The application master is unreachable since");
        assertThat(gone.path("stale").asBoolean()).as("the last data is greyed out").isTrue();
        assertThat(gone.path("tasksKept").asInt()).as("the last data is kept").isEqualTo(PARTITIONS);
    }

    private static void assertPageIsLive(final JsonNode result, final ApplicationId app, final String name) {
        assertThat(result.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(result.path("errors")).as("browser errors on %s", result.path("url")).isEmpty();
        final JsonNode first = result.path("first");
        final JsonNode second = result.path("second");
        for (JsonNode view : List.of(first, second)) {
            assertThat(view.path("job").asText()).isEqualTo(name + "_1");
            assertThat(view.path("state").asText()).isEqualTo("RUNNING");
            assertThat(view.path("applicationId").asText()).isEqualTo(app.toString());
            assertThat(view.path("unreachable").asText()).isEmpty();
            assertThat(view.path("containers")).hasSize(2).allSatisfy(c -> {
                assertThat(c.path("yarnContainerId").path("text").asText()).startsWith("container_");
                assertThat(c.path("host").path("text").asText()).isNotBlank().isNotEqualTo("–");
                assertThat(c.path("state").path("text").asText()).isEqualTo("RUNNING");
                assertThat(c.path("restarts").path("value").asInt(-1)).isZero();
            });
            assertThat(view.path("tasks")).extracting(t -> t.path("partition").path("value").asInt())
                    .containsExactly(0, 1, 2, 3);
        }
        assertThat(second.path("refreshes").asInt()).as("the page polls by itself").isGreaterThan(first.path("refreshes").asInt());
        assertThat(result.path("secondRecords").asLong()).as("records shown on the second read, without reloading")
                .isGreaterThan(result.path("firstRecords").asLong());
        assertThat(second.path("tasks")).allSatisfy(t ->
                assertThat(t.path("offsets").path("text").asText()).contains(name + "-in: "));
        assertThat(second.path("chartSamples").asInt()).as("throughput samples in the chart").isPositive();
        assertThat(second.path("chartLines").asInt()).isEqualTo(1);
        assertThat(second.path("configRows").asInt()).isPositive();
        assertThat(second.path("configText").asText()).contains("passthrough.api.token****", "https://bot:****@hooks.example/x")
                .doesNotContain(SECRET);
    }

    /** What the test does while the browser keeps the page open after its first report. */
    private interface Action {
        void run() throws Exception;
    }

    /**
     * Runs the browser over {@code url} and returns the JSON lines it prints: what the page showed,
     * then, when {@code thenStopAm} is given (and run after the first line), what it showed once the
     * AM was gone.
     */
    private static List<JsonNode> browse(final String url, final String label, final Action thenStopAm) throws Exception {
        final Path target = FixturePaths.moduleDir().resolve("target");
        final Path screenshot = target.resolve("am-page-" + label + ".png");
        final Path log = target.resolve("am-page-" + label + "-browser.log");
        Files.deleteIfExists(screenshot);
        final List<String> command = new ArrayList<>(List.of("bash",
                FixturePaths.repoRoot().resolve("scripts/lib/browser.sh").toString(), "check", "--url", url,
                "--screenshot", screenshot.toString(), "--timeout-ms", "120000"));
        if (thenStopAm != null) {
            command.addAll(List.of("--then-await-unreachable-ms", "90000"));
        }
        final Process browser = new ProcessBuilder(command).redirectError(log.toFile()).start();
        browser.getOutputStream().close();
        final List<JsonNode> reports = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.startsWith("{")) {
                    continue;
                }
                System.out.printf("Browser read %s (%s): %s%n", url, label, line);
                reports.add(JSON.readTree(line));
                if (reports.size() == 1 && thenStopAm != null) {
                    thenStopAm.run();
                }
            }
        } finally {
            if (!browser.waitFor(5, TimeUnit.MINUTES)) {
                browser.destroyForcibly();
            }
        }
        assertThat(browser.exitValue()).as("browser.sh check %s exit status; its log %s:%n%s", url, log, Files.readString(log))
                .isZero();
        assertThat(screenshot).isNotEmptyFile();
        assertThat(reports).as("JSON lines from the browser check of %s; its log %s:%n%s", url, log, Files.readString(log))
                .hasSize(thenStopAm == null ? 1 : 2);
        return reports;
    }

    private static Path writeConfig(final String name) throws IOException {
        kafka.createTopic(name + "-in", PARTITIONS);
        kafka.createTopic(name + "-out", 1);
        final Map<String, String> props = new TreeMap<>();
        props.put("job.name", name);
        props.put("job.factory", "yarn");
        props.put("job.container.count", "2");
        props.put("task.class", PassThroughTask.class.getName());
        props.put("task.inputs", name + "-in");
        props.put("task.commit.ms", "500");
        props.put("task.batch.wait.ms", "10");
        props.put("task.opts", "-Xmx160m");
        props.put("passthrough.output", name + "-out");
        // Shown on the page's configuration table, masked.
        props.put("passthrough.api.token", SECRET);
        props.put("passthrough.webhook", "https://bot:" + SECRET + "@hooks.example/x");
        props.put("systems.kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("yarn.am.memory.mb", "256");
        props.put("yarn.am.opts", "-Xmx160m");
        props.put("yarn.container.memory.mb", "256");
        props.put("yarn.am.shutdown.grace.ms", "5000");
        final Path file = FixturePaths.moduleDir().resolve("target").resolve(name + ".properties");
        Files.writeString(file, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
        return file;
    }

    /** Sends one record to each partition every 100 ms until the test ends, so the numbers keep moving. */
    private void feed(final String topic) {
        final AtomicLong sent = new AtomicLong();
        feeder = Executors.newSingleThreadScheduledExecutor();
        feeder.scheduleAtFixedRate(() -> {
            for (int p = 0; p < PARTITIONS; p++) {
                final long n = sent.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, p, "k-" + n, "value " + n));
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    private static String originalTrackingUrl(final ApplicationId app) throws Exception {
        final String url = yarn.getApplicationReport(app).getOriginalTrackingUrl();
        assertThat(url).as("the tracking URL the AM registered").isNotBlank();
        return url.startsWith("http") ? url : "http://" + url;
    }

    private static String find(final String regex, final String text) {
        final Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in%n%s", regex, text).isTrue();
        return m.group(1);
    }
}
