package dev.riffle.runner.container.am;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.riffle.runner.protocol.ContainerLaunch;

/**
 * Finds where the application master of a YARN application answers now, from the ResourceManager's
 * REST API ({@code GET /ws/v1/cluster/apps/<id>}): the {@code amRPCAddress} of its current attempt,
 * which a Riffle AM registers as the host and port of its HTTP endpoint. After an AM restart the
 * adopted containers still hold the first attempt's {@code RIFFLE_AM_URL}; this is how they find the
 * new one. Tries each ResourceManager in turn (with RM HA only the active one answers with the app).
 */
final class AmLocator {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<URI> appUris;
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param rmWebUrls the ResourceManagers' web addresses, e.g. {@code http://rm:8088}
     * @param applicationId e.g. {@code application_1764133975000_0001}
     */
    AmLocator(final List<String> rmWebUrls, final String applicationId, final HttpClient client, final Duration timeout) {
        final List<URI> uris = new ArrayList<>();
        for (String rm : rmWebUrls) {
            final String base = rm.endsWith("/") ? rm.substring(0, rm.length() - 1) : rm;
            uris.add(URI.create(base + "/ws/v1/cluster/apps/" + applicationId));
        }
        this.appUris = List.copyOf(uris);
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * A locator from the launch environment ({@link ContainerLaunch#ENV_RM_WEB_URLS},
     * {@link ContainerLaunch#ENV_APPLICATION_ID}), or {@code null} when either is missing.
     */
    static AmLocator fromEnvironment(final Map<String, String> env, final HttpClient client, final Duration timeout) {
        final String rms = env.getOrDefault(ContainerLaunch.ENV_RM_WEB_URLS, "").trim();
        final String app = env.getOrDefault(ContainerLaunch.ENV_APPLICATION_ID, "").trim();
        if (rms.isEmpty() || app.isEmpty()) {
            return null;
        }
        final List<String> urls = new ArrayList<>();
        for (String rm : rms.split(",")) {
            if (!rm.isBlank()) {
                urls.add(rm.trim());
            }
        }
        return urls.isEmpty() ? null : new AmLocator(urls, app, client, timeout);
    }

    /**
     * The base URL ({@code http://host:port}) of the application's current AM attempt, or empty when no
     * ResourceManager names one (the new attempt has not registered yet, or no RM answers).
     */
    Optional<String> locate() throws InterruptedException {
        for (URI uri : appUris) {
            try {
                final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("Accept", "application/json").GET().build();
                final HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    final Optional<String> found = amAddress(MAPPER.readTree(response.body()));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // This RM is down, a standby, or answered nonsense: try the next one.
            }
        }
        return Optional.empty();
    }

    /** {@code http://<amRPCAddress>} of an app report, when its current attempt registered one. */
    static Optional<String> amAddress(final JsonNode report) {
        final String address = report == null ? "" : report.path("app").path("amRPCAddress").asText("").trim();
        // Before the attempt registers, the RM reports no address (or "N/A:-1" in some versions).
        if (address.isEmpty() || address.startsWith("N/A") || address.endsWith(":-1") || address.endsWith(":0")) {
            return Optional.empty();
        }
        return Optional.of("http://" + address);
    }

    @Override
    public String toString() {
        return "the ResourceManager at " + appUris;
    }
}
