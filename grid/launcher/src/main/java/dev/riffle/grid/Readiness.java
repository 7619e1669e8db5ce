package dev.riffle.grid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.grid.service.CassandraServer;
import dev.riffle.grid.service.KafkaServer;
import dev.riffle.grid.service.RedisCommand;
import org.apache.kafka.clients.admin.Admin;

/**
 * Asks each grid process a real question: Kafka an Admin {@code describeCluster}, the ResourceManager
 * its REST API (ACTIVE), the NodeManager's entry in the ResourceManager's node list (RUNNING), Redis
 * {@code PING}, Cassandra a CQL query through the driver. {@link #ask} returns what it answered, or
 * throws with why it did not.
 */
final class Readiness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);

    private final GridProcesses processes;
    private final Duration patience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    /** {@code patience}: how long one Kafka question may take (a busy machine needs seconds for a first connection). */
    Readiness(final GridProcesses processes, final Duration patience) {
        this.processes = processes;
        this.patience = patience;
    }

    /** One attempt: the answer ("cluster ... with 1 broker(s)"), or an exception saying why there is none. */
    String ask(final Component component) throws Exception {
        final int port = processes.recordedPort(component);
        return switch (component) {
            case KAFKA -> {
                try (Admin admin = KafkaServer.admin(port, patience)) {
                    yield KafkaServer.describeCluster(admin, patience);
                }
            }
            case CASSANDRA -> {
                try (CqlSession session = CassandraServer.sessionBuilder(port).build()) {
                    yield CassandraServer.describe(session);
                }
            }
            case REDIS -> RedisCommand.describe(port);
            case YARN_RM -> resourceManager();
            case YARN_NM -> nodeManager(port);
        };
    }

    /** What {@code status} shows when {@code component} runs but {@link #ask} failed. */
    String notAnswering(final Component component, final Exception cause) {
        return switch (component) {
            case YARN_RM -> "running but not answering (no ACTIVE answer from " + rmUrl("info") + ")";
            case YARN_NM -> "running but not registered as RUNNING with the ResourceManager";
            case REDIS -> "running but not answering PING";
            default -> "running but not answering (" + describe(cause) + ")";
        };
    }

    static String describe(final Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private String resourceManager() throws Exception {
        final JsonNode info = get(rmUrl("info")).path("clusterInfo");
        if (!"ACTIVE".equals(info.path("haState").asText())) {
            throw new IllegalStateException("the ResourceManager reports " + info.path("haState").asText("nothing"));
        }
        return "REST /ws/v1/cluster/info: ACTIVE, " + info.path("resourceManagerVersion").asText();
    }

    /** The node id is HOST:PORT with 127.0.0.1 resolved to a name (often localhost), so match the port. */
    private String nodeManager(final int nmPort) throws Exception {
        final JsonNode nodes = get(rmUrl("nodes?states=RUNNING")).path("nodes").path("node");
        for (JsonNode node : nodes) {
            if (node.path("id").asText().endsWith(":" + nmPort)) {
                return "RUNNING in the ResourceManager's node list";
            }
        }
        throw new IllegalStateException("the NodeManager on port " + nmPort + " is not RUNNING in the ResourceManager's node list");
    }

    private String rmUrl(final String path) {
        return "http://" + GridSettings.HOST + ":" + processes.recordedRmWebPort() + "/ws/v1/cluster/" + path;
    }

    private JsonNode get(final String url) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
