package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import picocli.CommandLine;

import dev.riffle.testing.YarnFixture;
import dev.riffle.yarn.client.HadoopConf;
import dev.riffle.yarn.client.RunJob;

/**
 * Submits the visitor counter's real job package ({@code target/visitor-counter-dist.tar.gz}, built in
 * the {@code package} phase) to the MiniYARNCluster with the Riffle client, and finds and SIGKILLs its
 * containers.
 */
final class YarnJobs implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(300);
    static final Path PACKAGE = Path.of("target", "visitor-counter-dist.tar.gz").toAbsolutePath();
    /**
     * A private copy of {@link #PACKAGE}: YARN localizes the file it was given and fails an application
     * whose package changed meanwhile, as it does when a build rewrites {@code target/} during the tests.
     */
    private static final Path SUBMITTED = Path.of("target", "it-package", "visitor-counter-dist.tar.gz").toAbsolutePath();
    static final Path SHIPPED_CONFIGS = Path.of("..", "..", "config").toAbsolutePath().normalize();

    private static final EnumSet<YarnApplicationState> ENDED =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static boolean packageCopied;

    private final YarnFixture fixture;
    private final YarnClient yarn;

    YarnJobs(final YarnFixture fixture) {
        this.fixture = fixture;
        System.setProperty(HadoopConf.CONF_DIR_PROPERTY, fixture.hadoopConfDir().toString());
        yarn = YarnClient.createYarnClient();
        yarn.init(fixture.configuration());
        yarn.start();
    }

    /** The job package to submit: a copy of {@link #PACKAGE} made once per test JVM. */
    static synchronized Path jobPackage() throws IOException {
        if (!packageCopied) {
            assertThat(PACKAGE).as("the job package; it is built by `mvn package` in examples/visitor-counter").isRegularFile();
            Files.createDirectories(SUBMITTED.getParent());
            final Path partial = SUBMITTED.resolveSibling("copying.tmp");
            Files.copy(PACKAGE, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, SUBMITTED, StandardCopyOption.REPLACE_EXISTING);
            packageCopied = true;
        }
        return SUBMITTED;
    }

    /**
     * Writes {@code target/<file name>}: a shipped config ({@code config/<base>}) with {@code overrides}
     * on top, and the small memory settings a MiniYARNCluster on a CI machine can hold.
     */
    static Path writeConfig(final String base, final String fileName, final Map<String, String> overrides) throws IOException {
        final Properties props = new Properties();
        try (InputStream in = Files.newInputStream(SHIPPED_CONFIGS.resolve(base))) {
            props.load(in);
        }
        props.put("task.opts", "-Xmx160m");
        props.put("yarn.container.memory.mb", "256");
        props.put("yarn.am.memory.mb", "256");
        props.put("yarn.am.opts", "-Xmx160m");
        props.put("yarn.am.shutdown.grace.ms", "5000");
        props.putAll(overrides);
        final StringBuilder text = new StringBuilder();
        new TreeMap<>(props).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        final Path file = Path.of("target").toAbsolutePath().resolve(fileName);
        Files.writeString(file, text.toString());
        return file;
    }

    /** Submits with {@code run-job --wait} and returns the application id it printed. */
    ApplicationId submit(final Path config) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new CommandLine(new RunJob(new PrintStream(out, true), new PrintStream(err, true)))
                .execute("--config-path", config.toString(), "--package", jobPackage().toString(), "--wait");
        final String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(exit).as("run-job exit status; output:%n%s%s", printed, err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
        final Matcher m = Pattern.compile("(application_\\d+_\\d+)").matcher(printed);
        assertThat(m.find()).as("an application id in%n%s", printed).isTrue();
        return ApplicationId.fromString(m.group(1));
    }

    /** The number of applications the ResourceManager knows, whatever their state. */
    int applicationCount() throws Exception {
        return yarn.getApplications().size();
    }

    /** Kills every application that has not ended. */
    void killRunning() throws Exception {
        for (ApplicationReport r : yarn.getApplications(EnumSet.complementOf(ENDED))) {
            yarn.killApplication(r.getApplicationId());
        }
    }

    /** The YARN container that runs logical container {@code logicalId}, once the AM reports it RUNNING. */
    String yarnContainerOf(final ApplicationId app, final String logicalId) {
        final String[] found = new String[1];
        await("logical container " + logicalId + " of " + app + " running").atMost(TIMEOUT).until(() -> {
            final Map<String, Object> s = statusOrNull(app);
            if (s == null) {
                return false;
            }
            for (Map<String, Object> c : containers(s)) {
                if (logicalId.equals(String.valueOf(c.get("id"))) && "RUNNING".equals(c.get("state"))) {
                    found[0] = (String) c.get("yarnContainerId");
                    return found[0] != null;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The number of restarts the AM reports for logical container {@code logicalId}. */
    int restartsOf(final ApplicationId app, final String logicalId) throws Exception {
        for (Map<String, Object> c : containers(status(app))) {
            if (logicalId.equals(String.valueOf(c.get("id")))) {
                return ((Number) c.get("restarts")).intValue();
            }
        }
        throw new AssertionError("the status of " + app + " has no logical container " + logicalId);
    }

    /** The last exit status the AM reports for logical container {@code logicalId}, or null (none, or no status page). */
    Integer lastExitStatusOf(final ApplicationId app, final String logicalId) {
        final Map<String, Object> s = statusOrNull(app);
        if (s != null) {
            for (Map<String, Object> c : containers(s)) {
                if (logicalId.equals(String.valueOf(c.get("id"))) && c.get("lastExitStatus") instanceof Number n) {
                    return n.intValue();
                }
            }
        }
        return null;
    }

    /** The last diagnostics the AM reports for logical container {@code logicalId}, or null. */
    String lastDiagnosticsOf(final ApplicationId app, final String logicalId) {
        final Map<String, Object> s = statusOrNull(app);
        if (s != null) {
            for (Map<String, Object> c : containers(s)) {
                if (logicalId.equals(String.valueOf(c.get("id")))) {
                    return (String) c.get("lastDiagnostics");
                }
            }
        }
        return null;
    }

    /**
     * The JVM of logical container {@code logicalId} while it runs in YARN container {@code yarnContainerId}:
     * the pid its heartbeats report.
     */
    long jvmPidOf(final ApplicationId app, final String logicalId, final String yarnContainerId) {
        final long[] found = {-1};
        await("a heartbeat of logical container " + logicalId + " from " + yarnContainerId).atMost(TIMEOUT).until(() -> {
            final Map<String, Object> s = statusOrNull(app);
            if (s == null) {
                return false;
            }
            for (Map<String, Object> c : containers(s)) {
                if (logicalId.equals(String.valueOf(c.get("id"))) && yarnContainerId.equals(c.get("yarnContainerId"))
                        && c.get("pid") instanceof Number n) {
                    found[0] = n.longValue();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Sends {@code signal} (STOP, CONT, ...) to process {@code pid} with kill(1); returns whether it was delivered. */
    static boolean signal(final long pid, final String signal) throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    /** The application's state at the ResourceManager. */
    YarnApplicationState state(final ApplicationId app) throws Exception {
        return yarn.getApplicationReport(app).getYarnApplicationState();
    }

    /** A number from logical container {@code logicalId}'s last heartbeat metrics, or -1 before there is one. */
    long containerMetric(final ApplicationId app, final String logicalId, final String metric) {
        final Map<String, Object> s = statusOrNull(app);
        if (s == null) {
            return -1;
        }
        for (Map<String, Object> c : containers(s)) {
            if (logicalId.equals(String.valueOf(c.get("id"))) && c.get("metrics") instanceof Map<?, ?> metrics
                    && metrics.get(metric) instanceof Number n) {
                return n.longValue();
            }
        }
        return -1;
    }

    /** SIGKILL of a container's process tree (the NodeManager's launch shell, and the java it started). */
    void sigkill(final String yarnContainerId) {
        final ContainerId container = ContainerId.fromString(yarnContainerId);
        await("the PID file of " + container).atMost(TIMEOUT).until(() -> fixture.containerPid(container).isPresent());
        final ProcessHandle root = ProcessHandle.of(fixture.containerPid(container).orElseThrow()).orElseThrow();
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    private Map<String, Object> status(final ApplicationId app) throws Exception {
        final String url = yarn.getApplicationReport(app).getOriginalTrackingUrl();
        final String base = (url.startsWith("http") ? url : "http://" + url).replaceAll("/$", "");
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status page of %s", app).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    private Map<String, Object> statusOrNull(final ApplicationId app) {
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

    @Override
    public void close() throws Exception {
        killRunning();
        yarn.close();
    }
}
