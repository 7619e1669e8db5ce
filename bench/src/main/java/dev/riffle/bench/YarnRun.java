package dev.riffle.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.riffle.yarn.client.KillJob;
import dev.riffle.yarn.client.RunJob;

import picocli.CommandLine;

/**
 * The visitor counter on the grid's YARN with 2 containers and the Redis store, submitted as
 * {@code scripts/run-job.sh} does (the client's {@link RunJob}, with the job package built under
 * {@code examples/visitor-counter/target}). The job's own counters time it: the application master's
 * {@code /api/status} (through the ResourceManager's proxy) carries each task's committed offset of the
 * visits topic, polled every 100 ms; the run ends when they sum to the preloaded events. Peak RSS is the
 * highest {@code VmHWM} of the two container processes (their pids are in the same document).
 */
final class YarnRun {

    /** System property naming the job package (.tar.gz) to submit; set by the bench main. */
    static final String PACKAGE_PROPERTY = "riffle.bench.package";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STATUS_POLL_NANOS = 100_000_000L;
    private static final Pattern APPLICATION = Pattern.compile("application_\\d+_\\d+");
    private static final Pattern TRACKING = Pattern.compile("Tracking URL: (http\\S+)");

    private YarnRun() {
    }

    static RunResult run(final RunSpec spec) throws Exception {
        final long start = System.nanoTime();
        final Map<String, String> values = RiffleRun.jobConfig(spec);
        RiffleRun.createTopics(spec, values);
        final Path config = Files.createTempFile("riffle-bench-yarn-", ".properties");
        final Properties properties = new Properties();
        properties.putAll(values);
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "bench run " + spec.runId());
        }
        final String pkg = System.getProperty(PACKAGE_PROPERTY);
        if (pkg == null || !Files.isRegularFile(Path.of(pkg))) {
            throw new IllegalStateException("The yarn mode needs the job package: -D" + PACKAGE_PROPERTY + "=" + pkg
                    + " is not a file. Build it with mvn -pl examples/visitor-counter -am package.");
        }
        final ByteArrayOutputStream submitted = new ByteArrayOutputStream();
        final int exit = new CommandLine(new RunJob(new PrintStream(submitted, true, StandardCharsets.UTF_8), System.err))
                .execute("--config-path", config.toString(), "--package", pkg, "--wait");
        final String output = submitted.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        final Matcher app = APPLICATION.matcher(output);
        final Matcher tracking = TRACKING.matcher(output);
        if (exit != 0 || !app.find() || !tracking.find()) {
            throw new IllegalStateException("Submitting the job to YARN failed (exit " + exit + "); see the output above.");
        }
        final String applicationId = app.group();
        final URI status = URI.create(tracking.group(1).replaceAll("/?$", "/") + "api/status");
        final StatusPoller poller = new StatusPoller(status, spec.topic());
        LatencyProbe probe = null;
        try {
            if (spec.isLatencyRun()) {
                awaitContainers(poller, applicationId);
                probe = LatencyProbe.of(spec, values.get("visitors.partials.topic"));
            }
            final RunResult result = ProgressClock.await(start, spec.events(), poller::counted, () -> false,
                    spec.timeoutSeconds());
            final RunResult.Latency latency = probe == null ? null : probe.measure();
            final long rssKb = poller.peakContainerRssKb();
            System.out.println("Container pids " + poller.pids + ", peak RSS (VmHWM) of the largest " + rssKb / 1024
                    + " MB.");
            return new RunResult(result.events(), result.firstToLastNanos(), result.startToLastNanos(), rssKb, latency);
        } finally {
            if (probe != null) {
                probe.close();
            }
            new CommandLine(new KillJob()).execute(applicationId);
            Files.deleteIfExists(config);
        }
    }

    /** Waits until both containers report to the AM, so the paced events do not queue behind their launch. */
    private static void awaitContainers(final StatusPoller poller, final String applicationId)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (poller.pids.size() < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The containers of " + applicationId + " did not report to the"
                        + " application master within 180 s; see scripts/logs-job.sh " + applicationId);
            }
            poller.counted();
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Reads the AM's status document at most every 100 ms and sums the tasks' committed visits offsets. */
    private static final class StatusPoller {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        private final URI status;
        private final String topic;
        private final List<Long> pids = new ArrayList<>();
        private long lastPoll;
        private long counted;

        StatusPoller(final URI status, final String topic) {
            this.status = status;
            this.topic = topic;
        }

        long counted() {
            final long now = System.nanoTime();
            if (now - lastPoll < STATUS_POLL_NANOS) {
                return counted;
            }
            lastPoll = now;
            try {
                final HttpResponse<String> response = http.send(HttpRequest.newBuilder(status)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return counted;
                }
                final JsonNode doc = JSON.readTree(response.body());
                long sum = 0;
                for (JsonNode task : doc.path("tasks")) {
                    sum += task.path("offsets").path(topic).asLong(0);
                }
                pids.clear();
                for (JsonNode container : doc.path("containers")) {
                    if (container.path("pid").canConvertToLong()) {
                        pids.add(container.path("pid").asLong());
                    }
                }
                counted = Math.max(counted, sum);
            } catch (java.io.IOException e) {
                // The AM is not answering yet (or the proxy is slow): poll again later.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return counted;
        }

        long peakContainerRssKb() {
            long peak = -1;
            for (long pid : pids) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                        if (line.startsWith("VmHWM:")) {
                            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")));
                        }
                    }
                } catch (java.io.IOException e) {
                    System.out.println("Cannot read /proc/" + pid + "/status: " + e.getMessage());
                }
            }
            return peak;
        }
    }
}
