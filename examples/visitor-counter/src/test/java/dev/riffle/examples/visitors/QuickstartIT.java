package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * {@code scripts/quickstart.sh --no-build} end to end: its own grid (Kafka, YARN, Redis) under
 * {@code target/quickstart-grid}, the visitor counter submitted to YARN, visits produced, and the alert
 * printed, and the job's page at the status page URL it prints. The grid listens on its default ports (9092, 8032/8088, 6379): quickstart.sh's config and
 * tools use those, so nothing else on the machine may hold them while this test runs.
 */
class QuickstartIT {

    private static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();
    private static final List<Integer> GRID_PORTS = List.of(9092, 9093, 8030, 8031, 8032, 8033, 8088, 8040, 8041, 8042, 6379);

    @Test
    void shouldRunTheVisitorCounterEndToEndAndPrintTheAlert() throws Exception {
        for (int port : GRID_PORTS) {
            assertThat(listening(port)).as("whether something already listens on port %d, which quickstart's grid needs "
                    + "(stop it first, e.g. scripts/grid stop)", port).isFalse();
        }
        final Path gridHome = Path.of("target", "quickstart-grid").toAbsolutePath();
        final Path log = Path.of("target", "quickstart-it.log").toAbsolutePath();
        String appId = null;
        try {
            final long started = System.currentTimeMillis();
            final int exit = run(gridHome, log, 420, "scripts/quickstart.sh", "--no-build");
            final String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.printf("NUMBERS quickstart.sh --no-build: %d ms%n", System.currentTimeMillis() - started);
            final Matcher m = Pattern.compile("application_\\d+_\\d+").matcher(output);
            appId = m.find() ? m.group() : null;

            assertThat(exit).as("quickstart.sh exit status; output in %s:%n%s", log, output).isEqualTo(0);
            assertThat(output).containsPattern("(?m)^ALERT +\\{.*\"type\":\"threshold-crossed\"");
            assertThat(appId).as("the application id in the output").isNotNull();
            shouldServeTheJobsPageAtThePrintedUrl(output);

            final Path killLog = Path.of("target", "quickstart-kill.log").toAbsolutePath();
            assertThat(run(gridHome, killLog, 120, "scripts/kill-job.sh", appId))
                    .as("kill-job.sh exit status; output:%n%s", Files.readString(killLog)).isEqualTo(0);
        } finally {
            run(gridHome, Path.of("target", "quickstart-grid-stop.log").toAbsolutePath(), 180, "scripts/grid", "stop");
        }
    }

    /** What a newcomer does next: open the printed page, which shows the job running and working. */
    private static void shouldServeTheJobsPageAtThePrintedUrl(final String output) throws Exception {
        final Matcher printed = Pattern.compile("(?m)^ +Status page: +(http://\\S+)$").matcher(output);
        assertThat(printed.find()).as("a 'Status page:' line with a URL in the output:%n%s", output).isTrue();
        final String page = printed.group(1);
        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create(page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).as("HTTP status of %s", page).isEqualTo(200);
        assertThat(html.body()).contains("<title>Riffle job</title>");
        final String statusUrl = page + (page.endsWith("/") ? "" : "/") + "api/status";
        final HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(statusUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as("HTTP status of %s", statusUrl).isEqualTo(200);
        final JsonNode doc = new ObjectMapper().readTree(status.body());
        assertThat(doc.path("state").asText()).as("job state at %s: %s", statusUrl, status.body()).isEqualTo("RUNNING");
        assertThat(doc.path("tasks")).as("tasks at %s", statusUrl).hasSize(4);
        long records = 0;
        for (JsonNode container : doc.path("containers")) {
            records += container.path("metrics").path("records").asLong();
        }
        assertThat(records).as("records processed by the containers, per %s: %s", statusUrl, status.body())
                .isGreaterThan(0);
    }

    /** Runs a script from the repository root with the test's grid home; returns its exit status. */
    private static int run(final Path gridHome, final Path log, final int timeoutSeconds, final String... command)
            throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("RIFFLE_GRID_HOME", gridHome.toString());
        // The scripts must find the grid's own Hadoop configuration, not a MiniYARNCluster's.
        builder.environment().remove("HADOOP_CONF_DIR");
        final Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds
                    + " s; its output is in " + log);
        }
        return process.exitValue();
    }

    private static boolean listening(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
