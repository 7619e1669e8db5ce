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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.container.task.TaskInstance;
import dev.riffle.runner.metrics.ContainerStats;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.HeartbeatReply;
import dev.riffle.runner.protocol.TaskReport;
import dev.riffle.runner.protocol.TaskSummary;
import dev.riffle.runner.protocol.WireFormat;

/**
 * The container's side of the application master's {@code POST /api/heartbeat} (docs/yarn.md, section 4):
 * a daemon thread that reports the container's and its tasks' metrics every few seconds and acts on the
 * answer. {@code shutdown} stops the loop as SIGTERM does (commit, exit 0); {@code recognised: false}
 * aborts it without committing (exit 1), since another container may own its tasks by now. An
 * unreachable AM is logged once per outage and retried: a new AM attempt adopts running containers.
 * Since that attempt usually runs on another host, a container that cannot reach its AM asks the
 * ResourceManager where the application's AM answers now ({@link AmLocator}) and moves there.
 *
 * <p>Reads only thread-safe views of the loop (metrics snapshots, committed offsets); never touches the
 * loop's hot path.
 */
public final class AmHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmHeartbeat.class);

    /** How often a container reports. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    /** Longest one request may take, so a hung AM blocks nothing. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** How long an aborted loop may take to stop before the process is halted. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(15);
    /**
     * In an outage the ResourceManager is asked where the AM is after this many failed heartbeats, and
     * again after every this many more (a light load on the RM however many containers wait).
     */
    static final int LOCATE_EVERY_FAILURES = 3;

    private volatile URI endpoint;
    private final AmLocator locator;
    private final String yarnContainerId;
    private final long pid;
    private final ContainerLoop loop;
    private final Duration interval;
    private final Duration timeout;
    private final IntConsumer halt;
    private final HttpClient client;
    private final ScheduledExecutorService thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private volatile boolean reachable = true;
    /** Failed heartbeats since the last answered one; heartbeat thread only. */
    private int failedInARow;
    private volatile boolean stopAsked;
    private volatile boolean closed;
    private volatile boolean released;

    /**
     * A heartbeat for {@code loop}, not yet started.
     *
     * @param amUrl base URL of the AM ({@link ContainerLaunch#ENV_AM_URL})
     * @param halt ends the process with a status when an aborted loop does not stop in time
     */
    AmHeartbeat(final String amUrl, final String yarnContainerId, final long pid, final ContainerLoop loop,
                final Duration interval, final Duration timeout, final IntConsumer halt) {
        this(amUrl, yarnContainerId, pid, loop, interval, timeout, halt, null);
    }

    /**
     * The same, finding the AM again through {@code locator} when it stops answering.
     *
     * @param locator where to ask for the AM's current address; {@code null}: keep {@code amUrl}
     */
    AmHeartbeat(final String amUrl, final String yarnContainerId, final long pid, final ContainerLoop loop,
                final Duration interval, final Duration timeout, final IntConsumer halt, final AmLocator locator) {
        this.endpoint = endpointOf(amUrl);
        this.locator = locator;
        this.yarnContainerId = yarnContainerId;
        this.pid = pid;
        this.loop = loop;
        this.interval = interval;
        this.timeout = timeout;
        this.halt = halt;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "riffle-am-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts heartbeating when the launch environment names an AM ({@link ContainerLaunch#ENV_AM_URL});
     * returns {@code null} when it does not (local runs send no heartbeats).
     */
    public static AmHeartbeat startFromEnvironment(final Map<String, String> env, final ContainerLoop loop) {
        final String url = env.get(ContainerLaunch.ENV_AM_URL);
        if (url == null || url.isBlank()) {
            return null;
        }
        final String yarnId = env.getOrDefault(ContainerLaunch.ENV_YARN_CONTAINER_ID, "");
        final AmLocator locator = AmLocator.fromEnvironment(env,
                HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), TIMEOUT);
        final AmHeartbeat heartbeat = new AmHeartbeat(url.trim(), yarnId.trim(), ProcessHandle.current().pid(), loop,
                INTERVAL, TIMEOUT, status -> Runtime.getRuntime().halt(status), locator);
        heartbeat.start();
        return heartbeat;
    }

    private static URI endpointOf(final String amUrl) {
        final String base = amUrl.endsWith("/") ? amUrl.substring(0, amUrl.length() - 1) : amUrl;
        return URI.create(base + "/api/heartbeat");
    }

    /** Where heartbeats go now. */
    URI endpoint() {
        return endpoint;
    }

    /** Sends the first heartbeat now and then every interval. */
    void start() {
        LOG.info("Container {} (YARN container {}) reports to the application master at {} every {} ms.",
                loop.containerId(), yarnContainerId, endpoint, interval.toMillis());
        thread.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Heartbeats answered so far. */
    long sent() {
        return sent.get();
    }

    /** Heartbeats that got no usable answer so far. */
    long failed() {
        return failed.get();
    }

    /** Outages so far (each logged once, however many heartbeats it cost). */
    long outages() {
        return outages.get();
    }

    /** The request body: the documented fields of docs/yarn.md, section 4. */
    ContainerReport body() {
        final ContainerStats stats = loop.stats();
        final List<TaskSummary> tasks = new ArrayList<>();
        final List<TaskReport> reports = new ArrayList<>();
        for (TaskInstance task : loop.tasks()) {
            final TaskStats t = task.stats();
            final Map<String, Long> offsets = task.committedOffsets();
            tasks.add(new TaskSummary(task.partition(), offsets, t.totalLag(), t.records(), t.recordsPerSecond()));
            reports.add(t.report(task.partition(), offsets));
        }
        // The detailed metrics the application master serves at /metrics (docs/metrics.md).
        final ContainerReport.Measurements measurements = new ContainerReport.Measurements(stats.polls(),
                stats.pausedPartitionCount(), stats.heartbeatFailures(), reports);
        return new ContainerReport(WireFormat.VERSION, loop.containerId(), yarnContainerId, pid, stats.totals(), tasks,
                measurements);
    }

    private void beat() {
        if (closed) {
            return;
        }
        // This thread's log lines carry the job and container like the loop's (log4j2 pattern).
        MDC.put("job", loop.stats().job());
        MDC.put("container", loop.containerId());
        try {
            final HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.toBytes(body()))).build();
            final HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                unreachable("it answered HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
                return;
            }
            final HeartbeatReply answer = WireFormat.read(response.body(), HeartbeatReply.class);
            if (!answer.complete()) {
                unreachable("its answer lacks 'recognised' or 'shutdown': " + abbreviate(response.body()));
                return;
            }
            sent.incrementAndGet();
            failedInARow = 0;
            loop.stats().heartbeatSent();
            if (!reachable) {
                reachable = true;
                LOG.info("Container {} reaches the application master at {} again.", loop.containerId(), endpoint);
            }
            act(answer.recognised(), answer.shutdown(), answer.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // Timeouts, refused connections and unreadable answers alike (an answer of an unsupported
            // protocol version says so in its message): the AM may be restarting.
            unreachable(e.toString());
        }
    }

    private void act(final boolean recognised, final boolean shutdown, final String reason) {
        if (!recognised) {
            final String why = "the application master no longer recognises container " + loop.containerId()
                    + " in YARN container " + yarnContainerId + " (" + (reason.isEmpty() ? "no reason given" : reason)
                    + "); another container may own its tasks";
            LOG.error("Container {}: {}. It stops at once without committing and exits with status {}.",
                    loop.containerId(), why, ContainerLaunch.EXIT_FAILURE);
            loop.abort(why);
            closed = true;
            // A loop blocked in a long store retry would keep a zombie alive; it cannot commit (fenced), but must go.
            thread.schedule(this::haltIfStillRunning, ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } else if (shutdown && !stopAsked) {
            stopAsked = true;
            LOG.info("Container {}: the application master asks it to stop ({}); it commits every task and exits.",
                    loop.containerId(), reason.isEmpty() ? "no reason given" : reason);
            loop.requestStop();
        }
    }

    private void haltIfStillRunning() {
        if (!released) {
            LOG.error("Container {} did not stop within {} s of being disowned by the application master; halting"
                    + " the process with status {}.", loop.containerId(), ABORT_GRACE.toSeconds(),
                    ContainerLaunch.EXIT_FAILURE);
            halt.accept(ContainerLaunch.EXIT_FAILURE);
        }
    }

    private void unreachable(final String cause) {
        failed.incrementAndGet();
        loop.stats().heartbeatFailed();
        if (reachable) {
            reachable = false;
            outages.incrementAndGet();
            LOG.warn("Container {} cannot report to the application master at {}: {}. It keeps processing and retries"
                    + " every {} ms (the AM may be restarting){}; logged once until the AM answers again.",
                    loop.containerId(), endpoint, cause, interval.toMillis(),
                    locator == null ? "" : ", and asks " + locator + " where the AM is now");
        }
        failedInARow++;
        if (locator != null && failedInARow % LOCATE_EVERY_FAILURES == 0) {
            relocate();
        }
    }

    /** Asks the ResourceManager where the AM answers now, and heartbeats there from the next beat on. */
    private void relocate() {
        try {
            final Optional<URI> moved = locator.locate().map(AmHeartbeat::endpointOf).filter(u -> !u.equals(endpoint));
            if (moved.isPresent()) {
                LOG.info("Container {}: the ResourceManager names {} as the application master's address now (it was"
                        + " {}); the container reports there from now on.", loop.containerId(), moved.get(), endpoint);
                endpoint = moved.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(final String text) {
        return text == null ? "" : text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** Stops heartbeating; call once the loop has stopped (this also cancels the halt of an aborted loop). */
    @Override
    public void close() {
        released = true;
        closed = true;
        thread.shutdownNow();
    }
}
