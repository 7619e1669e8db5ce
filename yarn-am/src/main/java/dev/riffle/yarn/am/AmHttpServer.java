package dev.riffle.yarn.am;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.HeartbeatReply;
import dev.riffle.runner.protocol.JobStatus;
import dev.riffle.runner.protocol.UnsupportedProtocolException;
import dev.riffle.runner.protocol.WireFormat;
import dev.riffle.yarn.am.metrics.AmMetrics;
import dev.riffle.yarn.am.web.StatusPage;

/**
 * The application master's HTTP endpoint, which is also the application's tracking URL:
 * {@code GET /} (the job's web page, {@link StatusPage}), {@code GET /api/status},
 * {@code GET /api/history} and {@code GET /api/config} (what the page shows), {@code POST /api/heartbeat} (containers report in) and
 * {@code POST /api/shutdown} (graceful stop). The protocol is described in {@code docs/yarn.md};
 * {@code GET /metrics} (Prometheus text, {@link AmMetrics}) in {@code docs/metrics.md}.
 */
public final class AmHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmHttpServer.class);
    private static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        final Thread t = new Thread(r, "riffle-am-http");
        t.setDaemon(true);
        return t;
    });

    /** Binds the port (0: any free one) without serving yet, so the URL is known before the coordinator exists. */
    public AmHttpServer(final int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(executor);
    }

    /**
     * Starts serving.
     *
     * @param status the document for {@code GET /api/status}
     * @param page the web page at {@code /} and its documents {@code /api/history} and {@code /api/config}
     */
    public void serve(final JobCoordinator coordinator, final Supplier<JobStatus> status, final StatusPage page) {
        server.createContext("/api/status", exchange -> handle(exchange, "GET", () -> status.get()));
        server.createContext("/api/heartbeat", exchange -> handle(exchange, "POST", () -> heartbeat(exchange, coordinator)));
        server.createContext("/api/shutdown", exchange -> handle(exchange, "POST", () -> {
            coordinator.requestShutdown();
            return Map.of("state", coordinator.state().name());
        }));
        server.createContext("/api/history", exchange -> handle(exchange, "GET", page::history));
        server.createContext("/api/config", exchange -> handle(exchange, "GET", page::config));
        server.createContext("/metrics", AmMetrics.publish(coordinator::snapshot));
        server.createContext("/", page::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static HeartbeatReply heartbeat(final HttpExchange exchange, final JobCoordinator coordinator) throws IOException {
        final ContainerReport report;
        try (InputStream in = exchange.getRequestBody()) {
            report = WireFormat.read(in.readNBytes(MAX_BODY), ContainerReport.class).requireIdentity();
        } catch (UnsupportedProtocolException e) {
            LOG.warn("Refused a heartbeat from {}: {}.", exchange.getRemoteAddress(), e.getMessage());
            throw e;
        }
        final HeartbeatReply reply = coordinator.heartbeat(report.container(), report.yarnContainerId(), report);
        if (!reply.recognised()) {
            LOG.warn("Told an unrecognised container to stop: {}", reply.reason());
        }
        return reply;
    }

    /** A handler body that may throw; bad input is a 400, anything else a 500. */
    private interface Body {
        Object call() throws IOException;
    }

    private static void handle(final HttpExchange exchange, final String method, final Body body) throws IOException {
        try (exchange) {
            int code = 200;
            Object result;
            if (!method.equals(exchange.getRequestMethod())) {
                code = 405;
                result = Map.of("error", exchange.getRequestURI().getPath() + " takes " + method + ", not "
                        + exchange.getRequestMethod());
            } else {
                try {
                    result = body.call();
                } catch (NotReadyException e) {
                    code = 503;
                    result = Map.of("error", e.getMessage());
                } catch (IllegalArgumentException | IOException e) {
                    code = 400;
                    result = Map.of("error", "Bad request to " + exchange.getRequestURI().getPath() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("The application master failed to answer {} {}.", method, exchange.getRequestURI(), e);
                    code = 500;
                    result = Map.of("error", String.valueOf(e));
                }
            }
            final byte[] bytes = WireFormat.toPrettyJson(result).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
