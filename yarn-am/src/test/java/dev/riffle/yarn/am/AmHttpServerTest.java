package dev.riffle.yarn.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.HeartbeatReply;
import dev.riffle.runner.protocol.JobStatus;
import dev.riffle.runner.protocol.WireFormat;
import dev.riffle.yarn.am.web.StatusPage;

/** The AM's {@code POST /api/heartbeat} and {@code GET /api/status} over HTTP, on the typed documents. */
class AmHttpServerTest {

    private final FakeClusterManager cluster = new FakeClusterManager();
    private final HttpClient http = HttpClient.newHttpClient();
    private JobCoordinator coordinator;
    private AmHttpServer server;

    @BeforeEach
    void start() throws Exception {
        coordinator = new JobCoordinator(cluster, new JobCoordinator.Settings("http-test_1", 3, 60_000, 60_000, 120_000,
                2_000, 60_000),
                new JobCoordinator.Observer() {
                    @Override
                    public void onAssignmentsChanged(final Map<String, String> assignments) {
                    }

                    @Override
                    public void onJobFinished(final JobCoordinator.JobState state, final String diagnostics) {
                    }
                }, System::currentTimeMillis);
        cluster.attach(coordinator);
        server = new AmHttpServer(0);
        server.serve(coordinator, () -> StatusJson.render(coordinator.snapshot(), "application_1_0001", 1, 0,
                System.currentTimeMillis()), new StatusPage("http-test_1", Map.of("job.name", "http-test")));
        coordinator.start(JobModel.build("http-test", "1", List.of("in"), Map.of("in", 2), 1), List.of());
        cluster.grantAll();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(final String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/heartbeat"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String status() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void shouldUnderstandTheUnversionedHeartbeatOfAContainerFromAnOlderBuild() throws Exception {
        // The body an adopted container of the build before versioned documents posts.
        final HttpResponse<String> response = post("{\"container\":\"0\",\"yarnContainerId\":\""
                + cluster.runnerOf("0") + "\",\"pid\":77,\"metrics\":{\"records\":12,\"records-per-second\":3.5,"
                + "\"lag\":4},\"tasks\":[{\"partition\":1,\"offsets\":{\"in\":12},\"lag\":4,\"records\":12,"
                + "\"records-per-second\":3.5}],\"measurements\":{\"polls\":3,\"tasks\":[]}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WireFormat.read(response.body(), HeartbeatReply.class))
                .isEqualTo(HeartbeatReply.of(true, false, ""));
        final JobStatus status = WireFormat.read(status(), JobStatus.class);
        assertThat(status.containers().get(0).pid()).isEqualTo(77L);
        assertThat(status.containers().get(0).metrics().recordsPerSecond()).isEqualTo(3.5);
        assertThat(status.tasks().get(1)).isEqualTo(new JobStatus.Task(1, "0", Map.of("in", 12L), 4L, 12L, 3.5));
        assertThat(status.tasks().get(0)).isEqualTo(JobStatus.Task.unreported(0, "0"));
    }

    @Test
    void shouldRefuseAHeartbeatOfANewerProtocolWithTheReasonAndLeaveTheContainerAlone() throws Exception {
        final HttpResponse<String> response = post("{\"protocol\":" + (WireFormat.VERSION + 1)
                + ",\"container\":\"0\",\"yarnContainerId\":\"" + cluster.runnerOf("0") + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("protocol version " + (WireFormat.VERSION + 1))
                .contains("reads versions up to " + WireFormat.VERSION);
        assertThat(cluster.stopped).isEmpty();
        assertThat(WireFormat.read(status(), JobStatus.class).containers().get(0).heartbeatAgeMs()).isNull();
    }

    @Test
    void shouldRefuseAHeartbeatWithoutItsIdentity() throws Exception {
        final HttpResponse<String> response = post("{\"protocol\":1,\"pid\":3}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("a heartbeat needs \\\"container\\\"");
    }
}
