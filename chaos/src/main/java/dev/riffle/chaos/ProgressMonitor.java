package dev.riffle.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Polls the application every second, from its submission to the end of the run: the ResourceManager's
 * state of it, and the AM's {@code /api/status}, whose tasks carry the offsets each task last committed
 * (sent by the containers with their heartbeat, every 2 s). Progress means committed offsets that grow.
 */
final class ProgressMonitor implements AutoCloseable {

    static final long POLL_MS = 1_000;

    /** A logical container as the AM last described it. */
    record Container(String logicalId, String yarnContainerId, String state, int restarts, List<Integer> partitions,
            Long heartbeatAgeMs) {
    }

    /** A task's committed offset and when its container reported it (the poll's time less the heartbeat's age). */
    record Committed(long offset, long reportedMs) {
    }

    /** One poll: when, the RM's state, and (when the AM answered) its attempt, containers and offsets. */
    record Observation(long atMs, YarnRest.App app, int attempt, Map<String, Container> containers,
            Map<Integer, Committed> committed) {
        boolean amAnswered() {
            return attempt > 0;
        }
    }

    private final YarnRest yarn;
    private final String applicationId;
    private final String inputTopic;
    private final List<Observation> observations = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    ProgressMonitor(final YarnRest yarn, final String applicationId, final String inputTopic) {
        this.yarn = yarn;
        this.applicationId = applicationId;
        this.inputTopic = inputTopic;
        this.thread = new Thread(this::loop, "chaos-progress-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        String amAddress = "";
        while (!closed) {
            final long started = System.currentTimeMillis();
            final Optional<YarnRest.App> app = yarn.app(applicationId);
            if (app.isPresent() && !app.get().amAddress().isBlank()) {
                amAddress = app.get().amAddress();
            }
            final Optional<JsonNode> status = yarn.amStatus(amAddress);
            record(started, app.orElse(null), status.orElse(null));
            try {
                TimeUnit.MILLISECONDS.sleep(Math.max(0, POLL_MS - (System.currentTimeMillis() - started)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void record(final long atMs, final YarnRest.App app, final JsonNode status) {
        final Map<String, Container> containers = new TreeMap<>();
        final Map<Integer, Committed> committed = new TreeMap<>();
        int attempt = 0;
        if (status != null) {
            attempt = status.path("attempt").asInt(0);
            for (JsonNode c : status.path("containers")) {
                final List<Integer> partitions = new ArrayList<>();
                c.path("partitions").forEach(p -> partitions.add(p.asInt()));
                final JsonNode age = c.path("heartbeatAgeMs");
                containers.put(c.path("id").asText(), new Container(c.path("id").asText(), c.path("yarnContainerId").asText(""),
                        c.path("state").asText(""), c.path("restarts").asInt(), partitions,
                        age.canConvertToLong() ? age.asLong() : null));
            }
            for (JsonNode t : status.path("tasks")) {
                final JsonNode offset = t.path("offsets").path(inputTopic);
                final Container reporter = containers.get(t.path("container").asText());
                if (offset.canConvertToLong() && reporter != null && reporter.heartbeatAgeMs() != null) {
                    committed.put(t.path("partition").asInt(), new Committed(offset.asLong(), atMs - reporter.heartbeatAgeMs()));
                }
            }
        }
        synchronized (observations) {
            observations.add(new Observation(atMs, app, attempt, Map.copyOf(containers), Map.copyOf(committed)));
        }
    }

    /** Every observation so far, oldest first. */
    List<Observation> observations() {
        synchronized (observations) {
            return List.copyOf(observations);
        }
    }

    /** The newest observation in which the AM answered. */
    Optional<Observation> latestAnswered() {
        final List<Observation> all = observations();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).amAnswered()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** The newest ResourceManager report of the application. */
    Optional<YarnRest.App> latestApp() {
        final List<Observation> all = observations();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).app() != null) {
                return Optional.of(all.get(i).app());
            }
        }
        return Optional.empty();
    }

    /**
     * Per partition, the highest committed offset reported before {@code beforeMs}: by heartbeats sent before
     * then, even when the AM showed them later (a killed container's last report stays on the page).
     */
    Map<Integer, Long> highestReportedBefore(final long beforeMs) {
        final Map<Integer, Long> highest = new HashMap<>();
        for (Observation o : observations()) {
            o.committed().forEach((p, c) -> {
                if (c.reportedMs() < beforeMs) {
                    highest.merge(p, c.offset(), Math::max);
                }
            });
        }
        return highest;
    }

    /**
     * The first poll (before {@code untilMs}) by which every partition of {@code partitions} had been reported,
     * by a heartbeat sent at or after {@code fromMs}, committed past {@code baseline}; empty if none was seen.
     */
    Optional<Long> progressAfter(final Set<Integer> partitions, final Map<Integer, Long> baseline, final long fromMs,
            final long untilMs) {
        final Map<Integer, Boolean> advanced = new HashMap<>();
        for (Observation o : observations()) {
            if (o.atMs() < fromMs || o.atMs() >= untilMs) {
                continue;
            }
            for (Integer p : partitions) {
                final Committed now = o.committed().get(p);
                if (now != null && now.reportedMs() >= fromMs && now.offset() > baseline.getOrDefault(p, -1L)) {
                    advanced.put(p, true);
                }
            }
            if (advanced.keySet().containsAll(partitions)) {
                return Optional.of(o.atMs());
            }
        }
        return Optional.empty();
    }

    /**
     * Where a task's committed offset went back: a replacement container starts at its checkpoint, which is
     * never behind what its task reported before, unless the checkpoint was lost (a store that lost its
     * data) and the task started over from {@code auto.offset.reset}. One line per partition and drop.
     */
    List<String> offsetRegressions(final long startMs) {
        final List<String> found = new ArrayList<>();
        final Map<Integer, Long> previous = new HashMap<>();
        final Map<Integer, Long> lastReport = new HashMap<>();
        for (Observation o : observations()) {
            for (Map.Entry<Integer, Committed> e : o.committed().entrySet()) {
                final int p = e.getKey();
                final Committed c = e.getValue();
                if (c.reportedMs() <= lastReport.getOrDefault(p, Long.MIN_VALUE)) {
                    continue;
                }
                lastReport.put(p, c.reportedMs());
                final long before = previous.getOrDefault(p, -1L);
                if (c.offset() < before) {
                    found.add("partition " + p + " from " + before + " to " + c.offset() + " at +" + (o.atMs() - startMs) / 1000 + " s");
                }
                // From here on the task climbs again: a drop is reported once.
                previous.put(p, c.offset());
            }
        }
        return found;
    }

    /** The first observation at or after {@code fromMs} in which the ResourceManager reports the application ended. */
    Optional<Observation> endedAfter(final long fromMs) {
        for (Observation o : observations()) {
            if (o.atMs() >= fromMs && o.app() != null && o.app().ended()) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
