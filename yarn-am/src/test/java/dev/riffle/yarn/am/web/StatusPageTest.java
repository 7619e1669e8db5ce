package dev.riffle.yarn.am.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.WireFormat;
import dev.riffle.yarn.am.JobSnapshot;

class StatusPageTest {

    private final StatusPage page = new StatusPage("job_1",
            Map.of("job.name", "job", "stores.s.redis.uri", "redis://app:hunter2@cache:6379", "stores.s.redis.password", "pw"));
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/", page::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(final String path, final String method) throws Exception {
        final URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheSelfContainedPageAtTheRootWithRelativeApiUrlsOnly() throws Exception {
        final HttpResponse<String> response = get("/", "GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("<table id=\"containers\">", "<table id=\"tasks\">", "id=\"chart\"",
                "getJson(\"api/status\")", "getJson(\"api/history\")");
        // Behind /proxy/<appId>/ an absolute path would miss the proxy; offline clusters have no CDN.
        assertThat(response.body()).doesNotContain("\"/api/", "'/api/", "src=\"http", "href=\"http", "innerHTML");
    }

    @Test
    void shouldAnswer404ForOtherPathsAnd405ForPosts() throws Exception {
        assertThat(get("/nope", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/nope", "GET").body()).contains("No page at /nope");
        assertThat(get("/", "POST").statusCode()).isEqualTo(405);
        assertThat(get("/index.html", "GET").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeTheConfigurationWithSecretsMasked() {
        @SuppressWarnings("unchecked")
        final Map<String, String> config = (Map<String, String>) page.config().get("config");

        assertThat(config).containsEntry("stores.s.redis.uri", "redis://app:****@cache:6379")
                .containsEntry("stores.s.redis.password", "****").containsEntry("job.name", "job");
        assertThat(page.config()).containsEntry("job", "job_1");
    }

    @Test
    void shouldSampleOnlyContainersThatReportedRecords() {
        final JobSnapshot snapshot = new JobSnapshot("job_1", "RUNNING", "", 2, List.of(
                new JobSnapshot.Container("0", List.of(0), "RUNNING", "container_a", "h1", 0, null, null,
                        WireFormat.convert(Map.of("metrics", Map.of("records", 42L)), ContainerReport.class), 1),
                new JobSnapshot.Container("1", List.of(1), "LAUNCHING", "container_b", "h2", 0, null, null, null, 0)));

        assertThat(StatusPage.counters(snapshot)).containsExactly(new ThroughputHistory.Counter("0", "container_a", 42));
    }
}
