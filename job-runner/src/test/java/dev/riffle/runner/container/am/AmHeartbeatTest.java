package dev.riffle.runner.container.am;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.task.ContainerLoopTest.CountingTask;
import dev.riffle.runner.container.task.LoopHarness;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.WireFormat;

/**
 * The heartbeat against a JDK HTTP server standing in for the application master's
 * {@code POST /api/heartbeat} (docs/yarn.md, section 4).
 */
class AmHeartbeatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String YARN_ID = "container_1764133975000_0001_01_000002";
    private static final Duration FAST = Duration.ofMillis(50);

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger halted = new AtomicInteger(-1);
    private final CountDownLatch hang = new CountDownLatch(1);
    private volatile String answer = "{\"recognised\": true, \"shutdown\": false, \"reason\": \"\"}";
    private HttpServer am;
    private HttpServer rm;
    private AmHeartbeat heartbeat;
    private LoopHarness harness;

    @AfterEach
    void stop() {
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (harness != null) {
            harness.loop.requestStop(); // a loop left running by a failed test must not spin on
        }
        hang.countDown();
        if (am != null) {
            am.stop(0);
        }
        if (rm != null) {
            rm.stop(0);
        }
    }

    private String startAm(final boolean hangs) throws IOException {
        am = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        am.createContext("/api/heartbeat", exchange -> answer(exchange, hangs));
        am.start();
        return "http://127.0.0.1:" + am.getAddress().getPort() + "/";
    }

    private void answer(final HttpExchange exchange, final boolean hangs) throws IOException {
        received.add(MAPPER.readTree(exchange.getRequestBody()));
        if (hangs) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void startHeartbeat(final String url, final LoopHarness h, final Duration timeout) {
        heartbeat = new AmHeartbeat(url, YARN_ID, 4242, h.loop, FAST, timeout, halted::set);
        heartbeat.start();
    }

    private LoopHarness harness(final CountingTask task, final String commitMs) {
        harness = new LoopHarness(task, Map.of("task.commit.ms", commitMs, "task.batch.size", "3"), false);
        return harness;
    }

    @Test
    void shouldPostTheDocumentedFieldsWithTheTasksCommittedOffsetsAndMetrics() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "0");
        h.input("a", "b", "c");
        h.loop.runOnce(0, false);
        startHeartbeat(startAm(false), h, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        final JsonNode body = received.get(0);

        assertThat(body.path("container").asText()).isEqualTo("0");
        assertThat(body.path("yarnContainerId").asText()).isEqualTo(YARN_ID);
        assertThat(body.path("pid").asLong()).isEqualTo(4242);
        assertThat(body.path("metrics").path("records").asLong()).isEqualTo(3);
        assertThat(body.path("metrics").has("records-per-second")).isTrue();
        assertThat(body.path("tasks")).hasSize(1);
        final JsonNode t = body.path("tasks").get(0);
        assertThat(t.path("partition").asInt()).isEqualTo(0);
        assertThat(t.path("offsets").path("in").asLong()).isEqualTo(3);
        assertThat(t.path("records").asLong()).isEqualTo(3);
        assertThat(t.has("lag")).isTrue();
        assertThat(t.has("records-per-second")).isTrue();
        assertThat(h.loop.stopping()).isFalse();
    }

    @Test
    void shouldStopAtOnceWithoutCommittingWhenTheAmNoLongerRecognisesTheContainer() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "60000");
        h.input("a", "b", "c");
        h.loop.runOnce(0, false);
        answer = "{\"recognised\": false, \"shutdown\": true, \"reason\": \"container 0 now runs in container_03\"}";
        startHeartbeat(startAm(false), h, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(h.loop::stopping);

        assertThatThrownBy(h.loop::run)
                .isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("stops at once without committing")
                .hasMessageContaining("no longer recognises container 0 in YARN container " + YARN_ID)
                .hasMessageContaining("container 0 now runs in container_03");
        assertThat(task.seen()).containsExactly("a", "b", "c");
        assertThat(h.eventsStartingWith("offsets.commit", "stores.commitCheckpoint")).isEmpty();
        assertThat(h.committed()).isEqualTo(-1L);
        assertThat(task.closed).isFalse();
        heartbeat.close();
        assertThat(halted.get()).isEqualTo(-1);
    }

    @Test
    void shouldCommitEveryTaskAndExitZeroWhenTheAmAsksForShutdown() throws Exception {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "60000");
        h.input("a", "b", "c");
        startHeartbeat(startAm(false), h, Duration.ofSeconds(5));
        // The loop runs on its own thread, as in a container, until the AM's answer stops it.
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ContainerMain.runLoop(h.loop));
        await().atMost(Duration.ofSeconds(10)).until(() -> task.seen().size() == 3 && !received.isEmpty());
        assertThat(h.committed()).isEqualTo(-1L);

        answer = "{\"recognised\": true, \"shutdown\": true, \"reason\": \"the job is stopping\"}";

        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ContainerMain.EXIT_OK);
        assertThat(h.committed()).isEqualTo(3L);
        assertThat(task.closed).isTrue();
    }

    @Test
    void shouldRefuseAnAnswerOfANewerProtocolAndKeepProcessingWithoutObeyingIt() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "0");
        answer = "{\"protocol\": " + (WireFormat.VERSION + 1) + ", \"recognised\": false, \"shutdown\": true,"
                + " \"reason\": \"a stop this container cannot read\"}";
        startHeartbeat(startAm(false), h, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.failed() >= 2);
        h.input("a", "b", "c");
        h.loop.runOnce(0, false);

        assertThat(task.seen()).containsExactly("a", "b", "c");
        assertThat(h.loop.stopping()).isFalse();
        assertThat(heartbeat.sent()).isZero();
        assertThat(heartbeat.outages()).isEqualTo(1);
    }

    @Test
    void shouldObeyTheUnversionedAnswerOfAnOlderAm() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "60000");
        answer = "{\"recognised\": true, \"shutdown\": true, \"reason\": \"the job is stopping\"}";
        startHeartbeat(startAm(false), h, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(h.loop::stopping);

        assertThat(heartbeat.sent()).isPositive();
        assertThat(received.get(0).path("protocol").asInt()).isEqualTo(WireFormat.VERSION);
    }

    @Test
    void shouldKeepProcessingAndLogOnceWhileTheAmIsDown() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "0");
        final String url = startAm(false);
        am.stop(0); // nothing listens on that port any more
        am = null;
        startHeartbeat(url, h, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.failed() >= 3);
        h.input("a", "b", "c");
        h.loop.runOnce(0, false);

        assertThat(task.seen()).containsExactly("a", "b", "c");
        assertThat(h.committed()).isEqualTo(3L);
        assertThat(h.loop.stopping()).isFalse();
        assertThat(heartbeat.outages()).isEqualTo(1);
        assertThat(heartbeat.sent()).isZero();
    }

    @Test
    void shouldGiveUpOnAHungAmAfterTheTimeoutAndKeepProcessing() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "0");
        startHeartbeat(startAm(true), h, Duration.ofMillis(300));

        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.failed() >= 1);
        h.input("a", "b", "c");
        h.loop.runOnce(0, false);

        assertThat(received).isNotEmpty();
        assertThat(task.seen()).containsExactly("a", "b", "c");
        assertThat(h.loop.stopping()).isFalse();
        assertThat(heartbeat.outages()).isEqualTo(1);
    }

    @Test
    void shouldAskTheResourceManagerWhereARestartedAmIsAndReportThere() throws IOException {
        final CountingTask task = new CountingTask();
        final LoopHarness h = harness(task, "0");
        final String oldUrl = startAm(false);
        am.stop(0); // the first attempt is gone
        final String newUrl = startAm(false); // the second attempt, on another port
        final String app = "application_1764133975000_0001";
        final AtomicInteger asked = new AtomicInteger();
        rm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        rm.createContext("/ws/v1/cluster/apps/" + app, exchange -> {
            asked.incrementAndGet();
            final byte[] body = ("{\"app\": {\"id\": \"" + app + "\", \"state\": \"RUNNING\", \"amRPCAddress\": \"127.0.0.1:"
                    + am.getAddress().getPort() + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        rm.start();
        final String rmUrl = "http://127.0.0.1:" + rm.getAddress().getPort();
        final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        heartbeat = new AmHeartbeat(oldUrl, YARN_ID, 4242, h.loop, FAST, Duration.ofSeconds(1), halted::set,
                AmLocator.fromEnvironment(Map.of(ContainerLaunch.ENV_RM_WEB_URLS, "http://127.0.0.1:1," + rmUrl,
                        ContainerLaunch.ENV_APPLICATION_ID, app), client, Duration.ofSeconds(1)));
        heartbeat.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());

        assertThat(asked.get()).isPositive();
        assertThat(heartbeat.endpoint().toString()).isEqualTo(newUrl + "api/heartbeat");
        assertThat(heartbeat.failed()).isGreaterThanOrEqualTo(AmHeartbeat.LOCATE_EVERY_FAILURES);
        assertThat(heartbeat.outages()).isEqualTo(1);
        assertThat(received.get(0).path("yarnContainerId").asText()).isEqualTo(YARN_ID);
        assertThat(h.loop.stopping()).isFalse();
    }
}
