package dev.riffle.yarn.am.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.metrics.JmxPublisher;
import dev.riffle.yarn.am.JobSnapshot;

/**
 * The application master's own metrics: served at {@code GET /metrics} in Prometheus text format
 * (every container's last heartbeat included, see {@link PrometheusRenderer}) and published over JMX
 * as {@code dev.riffle:type=ApplicationMaster,job=<job>}. Names are documented in {@code docs/metrics.md}.
 */
public final class AmMetrics implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AmMetrics.class);

    private final Supplier<JobSnapshot> snapshot;
    private final String applicationId;
    private final int attempt;
    private final long startedMs;

    /**
     * Metrics of the job {@code snapshot} describes; {@code applicationId} and {@code attempt} come
     * from the AM's container id (YARN's {@code CONTAINER_ID}), or "unknown" and 0 outside YARN.
     */
    public AmMetrics(final Supplier<JobSnapshot> snapshot, final String applicationId, final int attempt,
                     final long startedMs) {
        this.snapshot = snapshot;
        this.applicationId = applicationId;
        this.attempt = attempt;
        this.startedMs = startedMs;
    }

    /**
     * Publishes the AM's state over JMX and returns the {@code /metrics} handler. Reads the application
     * id and attempt from the environment YARN gives the AM's container.
     */
    public static AmMetrics publish(final Supplier<JobSnapshot> snapshot) {
        String app = "unknown";
        int attempt = 0;
        final String containerId = System.getenv("CONTAINER_ID");
        if (containerId != null && !containerId.isBlank()) {
            final ApplicationAttemptId id = ContainerId.fromString(containerId).getApplicationAttemptId();
            app = id.getApplicationId().toString();
            attempt = id.getAttemptId();
        }
        final AmMetrics metrics = new AmMetrics(snapshot, app, attempt, System.currentTimeMillis());
        final JobSnapshot first = snapshot.get();
        JmxPublisher.publish("dev.riffle:type=ApplicationMaster,job=" + JmxPublisher.quoteIfNeeded(first.jobName()),
                metrics::jmxAttributes);
        return metrics;
    }

    /** The text of {@code GET /metrics} now. */
    public String render() {
        final long now = System.currentTimeMillis();
        return PrometheusRenderer.render(snapshot.get(),
                new PrometheusRenderer.AmState(applicationId, attempt, now - startedMs), now);
    }

    /** The attributes of the AM's MBean. */
    Map<String, Object> jmxAttributes() {
        return jmxAttributes(snapshot.get(), applicationId, attempt);
    }

    static Map<String, Object> jmxAttributes(final JobSnapshot job, final String applicationId, final int attempt) {
        final Map<String, Object> a = new TreeMap<>();
        a.put("application-id", applicationId);
        a.put("attempt", (long) attempt);
        a.put("state", job.state());
        a.put("tasks", (long) job.taskCount());
        long restarts = 0;
        long records = 0;
        for (String state : new String[] {"WAITING", "LAUNCHING", "RUNNING", "STOPPING", "FINISHED"}) {
            a.put("containers-" + state.toLowerCase(Locale.ROOT),
                    job.containers().stream().filter(c -> state.equals(c.state())).count());
        }
        long failed = 0;
        for (JobSnapshot.Container c : job.containers()) {
            restarts += c.restarts();
            if (c.lastExitStatus() != null && c.lastExitStatus() != 0) {
                failed++;
            }
            if (c.report() != null && c.report().metrics() != null) {
                records += c.report().metrics().records();
            }
        }
        a.put("container-restarts", restarts);
        a.put("containers-last-exit-failed", failed);
        a.put("records", records);
        return a;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "/metrics takes GET, not "
                        + exchange.getRequestMethod() + "\n");
                return;
            }
            String body;
            int code = 200;
            String type = PrometheusRenderer.CONTENT_TYPE;
            try {
                body = render();
            } catch (RuntimeException e) {
                LOG.error("The application master cannot render /metrics of application {}.", applicationId, e);
                code = 500;
                type = "text/plain; charset=utf-8";
                body = "Cannot render the metrics: " + e + "\n";
            }
            send(exchange, code, type, body);
        }
    }

    private static void send(final HttpExchange exchange, final int code, final String type, final String body)
            throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
