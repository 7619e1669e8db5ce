package dev.riffle.yarn.am.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.riffle.runner.config.SecretMasking;
import dev.riffle.yarn.am.JobSnapshot;

/**
 * The application master's web page at the tracking URL ({@code GET /}): one self-contained HTML
 * file that polls {@code api/status}, {@code api/history} and {@code api/config} (relative URLs,
 * so it also works behind the ResourceManager's {@code /proxy/<appId>/}). Also what those two
 * extra documents hold: the throughput history and the job's configuration with secrets masked.
 */
public final class StatusPage {

    /** How often the history takes a sample. */
    public static final long SAMPLE_INTERVAL_MS = 2_000;
    /** Ten minutes of samples. */
    public static final int HISTORY_CAPACITY = 300;

    private static final String PAGE = "index.html";

    private final byte[] html;
    private final ThroughputHistory history = new ThroughputHistory(HISTORY_CAPACITY);
    private final Map<String, Object> config;

    /**
     * @param jobName the YARN application name, {@code <job.name>_<job.id>}
     * @param config the job's effective configuration, unmasked: it is masked here, once
     */
    public StatusPage(final String jobName, final Map<String, String> config) {
        this.html = load();
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("job", jobName);
        doc.put("config", SecretMasking.mask(config));
        this.config = doc;
    }

    private static byte[] load() {
        try (InputStream in = StatusPage.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("The status page " + PAGE + " is missing from the classpath next to "
                        + StatusPage.class.getName() + "; the riffle-yarn-am jar is incomplete, rebuild it.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the status page " + PAGE + " from the riffle-yarn-am jar", e);
        }
    }

    /** Takes a throughput sample from the containers' last heartbeats. */
    public void sample(final JobSnapshot snapshot, final long nowMs) {
        history.sample(nowMs, counters(snapshot));
    }

    /** The containers' cumulative record counts; a container that has not reported yet is left out. */
    static List<ThroughputHistory.Counter> counters(final JobSnapshot snapshot) {
        final List<ThroughputHistory.Counter> counters = new ArrayList<>();
        for (JobSnapshot.Container c : snapshot.containers()) {
            if (c.report() != null && c.report().metrics() != null) {
                counters.add(new ThroughputHistory.Counter(c.logicalId(), c.clusterContainerId(),
                        c.report().metrics().records()));
            }
        }
        return counters;
    }

    /** The document of {@code GET /api/history}. */
    public Map<String, Object> history() {
        return history.toJson();
    }

    /** The document of {@code GET /api/config}: {@code {"job": ..., "config": {key: masked value}}}. */
    public Map<String, Object> config() {
        return config;
    }

    /**
     * Answers a request under {@code /}: the page for {@code /} and {@code /index.html}, 404 for any
     * other path (the {@code /api/...} routes have their own handlers), 405 for anything but GET/HEAD.
     */
    public void serve(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final String method = exchange.getRequestMethod();
            if (!"/".equals(path) && !"/index.html".equals(path)) {
                text(exchange, 404, "No page at " + path + ". The job's page is at / and its JSON under /api/status, "
                        + "/api/history and /api/config.");
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                text(exchange, 405, path + " takes GET, not " + method + ".");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        }
    }

    private static void text(final HttpExchange exchange, final int code, final String message) throws IOException {
        final byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
