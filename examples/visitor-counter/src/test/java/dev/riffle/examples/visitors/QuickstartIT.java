package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * {@code scripts/quickstart.sh --no-build} end to end: its own grid (Kafka, YARN, Redis) under
 * {@code target/quickstart-grid}, the visitor counter submitted to YARN, visits produced, and the alert
 * printed, and the job's page at the status page URL it prints. The grid runs on free ports chosen here and
 * passed through scripts/grid's port variables, which quickstart.sh hands on to the job and its tools, so a
 * developer's own grid on the default ports (9092, 8032/8088, 6379) may keep running meanwhile.
 */
class QuickstartIT {

    private static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();
    /** scripts/grid's port variables for Kafka, YARN and Redis (scripts/grid --help lists them). */
    private static final List<String> GRID_PORT_VARIABLES = List.of("RIFFLE_KAFKA_PORT", "RIFFLE_KAFKA_CONTROLLER_PORT",
            "RIFFLE_YARN_RM_PORT", "RIFFLE_YARN_SCHEDULER_PORT", "RIFFLE_YARN_TRACKER_PORT", "RIFFLE_YARN_ADMIN_PORT",
            "RIFFLE_YARN_WEB_PORT", "RIFFLE_YARN_NM_PORT", "RIFFLE_YARN_NM_LOCALIZER_PORT", "RIFFLE_YARN_NM_WEB_PORT",
            "RIFFLE_REDIS_PORT");
    private static final Map<String, String> GRID_PORTS = freePorts();

    @Test
    void shouldRunTheVisitorCounterEndToEndAndPrintTheAlert() throws Exception {
        final Path gridHome = Path.of("target", "quickstart-grid").toAbsolutePath();
        final Path log = Path.of("target", "quickstart-it.log").toAbsolutePath();
        String appId = null;
        try {
            final int exit = run(gridHome, log, 420, "scripts/quickstart.sh", "--no-build");
            final String output = Files.readString(log, StandardCharsets.UTF_8);
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
        builder.environment().putAll(GRID_PORTS);
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

    /** One free loopback port per grid port variable, all held open together so no two are the same. */
    private static Map<String, String> freePorts() {
        final Map<String, String> ports = new LinkedHashMap<>();
        final List<ServerSocket> held = new ArrayList<>();
        try {
            for (String variable : GRID_PORT_VARIABLES) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(variable, Integer.toString(socket.getLocalPort()));
            }
            for (ServerSocket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reserve free ports for the quickstart's grid", e);
        }
        return Map.copyOf(ports);
    }
}
