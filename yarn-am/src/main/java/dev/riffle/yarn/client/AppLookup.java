package dev.riffle.yarn.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

import dev.riffle.runner.protocol.JobStatus;
import dev.riffle.runner.protocol.WireFormat;
import dev.riffle.yarn.am.AmContract;

/** Finds a Riffle application by id or by name, and talks to its application master's HTTP endpoint. */
final class AppLookup {

    static final EnumSet<YarnApplicationState> ACTIVE = EnumSet.of(YarnApplicationState.NEW,
            YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED,
            YarnApplicationState.RUNNING);
    static final EnumSet<YarnApplicationState> ENDED = EnumSet.of(YarnApplicationState.FINISHED,
            YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AppLookup() {
    }

    static ApplicationId parseId(final String text) {
        try {
            return ApplicationId.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + text + "' is not a YARN application id (application_<cluster>_<n>).");
        }
    }

    /** The newest active Riffle application called {@code name}. */
    static ApplicationReport byName(final YarnClient yarn, final String name) throws IOException, YarnException {
        final List<ApplicationReport> matches = yarn.getApplications(Set.of(AmContract.APPLICATION_TYPE), ACTIVE).stream()
                .filter(r -> name.equals(r.getName()))
                .sorted(Comparator.comparingLong(ApplicationReport::getStartTime).reversed())
                .collect(Collectors.toList());
        if (matches.isEmpty()) {
            throw new NotFoundException("No running Riffle application is named " + name + " on the ResourceManager; "
                    + "check job.name and job.id, or pass the application id.");
        }
        return matches.get(0);
    }

    /** The application master's own base URL (not the proxy), e.g. {@code http://host:port}. */
    static String amUrl(final ApplicationReport report) {
        final String url = report.getOriginalTrackingUrl();
        if (url == null || url.isBlank() || "N/A".equals(url)) {
            throw new NotFoundException("Application " + report.getApplicationId() + " is " + report.getYarnApplicationState()
                    + " and has no tracking URL yet: its application master has not registered.");
        }
        final String base = url.startsWith("http") ? url : "http://" + url;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static String get(final String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static String post(final String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The job status document an application master answered ({@code GET /api/status}). */
    static JobStatus parseStatus(final String json) throws IOException {
        try {
            return WireFormat.read(json, JobStatus.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("the application master's status is unreadable: " + e.getMessage(), e);
        }
    }

    /** Fetches and reads the job status document of the application master at {@code amUrl}. */
    static JobStatus status(final String amUrl) throws IOException, InterruptedException {
        return parseStatus(get(amUrl + "/api/status"));
    }

    private static String send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        final HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        final HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** No such application (exit status 1). */
    static final class NotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFoundException(final String message) {
            super(message);
        }
    }
}
