package dev.riffle.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the harness asks YARN and the job over HTTP: the ResourceManager's REST API for the application's
 * state and its current attempt's AM container, and the AM's {@code /api/status} (docs/yarn.md) at the
 * address the AM registered ({@code amRPCAddress}).
 */
final class YarnRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The ResourceManager's view of the application. */
    record App(String state, String finalStatus, String diagnostics, String amAddress) {
        boolean ended() {
            return "FINISHED".equals(state) || "FAILED".equals(state) || "KILLED".equals(state);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String rmWeb;

    YarnRest(final String rmWeb) {
        this.rmWeb = rmWeb;
    }

    Optional<App> app(final String applicationId) {
        return get(rmWeb + "/ws/v1/cluster/apps/" + applicationId).map(doc -> {
            final JsonNode app = doc.path("app");
            return new App(app.path("state").asText(""), app.path("finalStatus").asText(""),
                    app.path("diagnostics").asText(""), app.path("amRPCAddress").asText(""));
        });
    }

    /** The container id of the current attempt's AM (container {@code _000001} of that attempt). */
    Optional<String> currentAmContainer(final String applicationId) {
        return get(rmWeb + "/ws/v1/cluster/apps/" + applicationId + "/appattempts").flatMap(doc -> {
            final JsonNode attempts = doc.path("appAttempts").path("appAttempt");
            if (!attempts.isArray() || attempts.isEmpty()) {
                return Optional.empty();
            }
            JsonNode current = attempts.get(0);
            for (JsonNode a : attempts) {
                if (a.path("id").asInt() > current.path("id").asInt()) {
                    current = a;
                }
            }
            final String container = current.path("containerId").asText("");
            return container.isEmpty() ? Optional.empty() : Optional.of(container);
        });
    }

    /** The AM's status document, or empty while it does not answer (an AM restarting, say). */
    Optional<JsonNode> amStatus(final String amAddress) {
        if (amAddress == null || amAddress.isBlank() || "N/A".equals(amAddress)) {
            return Optional.empty();
        }
        return get("http://" + amAddress + "/api/status");
    }

    private Optional<JsonNode> get(final String url) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
