package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.testkit.DeadLetter;
import dev.riffle.testkit.TaskTestDriver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole task, driven by the test kit over several partitions, against counts computed from the events. */
class VisitorCounterTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;
    private static final long START = 1_764_133_975_000L;
    private static final long MINUTE = 60_000;

    private static Map<String, String> config(String... extra) {
        final Map<String, String> config = new HashMap<>(Map.of(
                "job.name", "visitor-counter",
                "task.inputs", "visits,visitor-partials",
                "task.window.ms", "1000",
                "task.checkpoint.store", "visitors",
                "streams.visits.msg.serde", "bytes",
                "stores.visitors.factory", "memory",
                "visitors.partitions", Integer.toString(PARTITIONS),
                // The test kit has no broker to ask whether an idle partition is read to the end.
                "visitors.idle.check", "none"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    /** Feeds events, loops the tasks' shares back to task 0 as Kafka would, and lets one window pass. */
    private static final class Harness {
        final TaskTestDriver driver;
        final long idleMs;
        final long threshold;
        final long rearmBelow;
        int forwarded;

        Harness(Map<String, String> config) {
            driver = TaskTestDriver.of(VisitorCounterTask.class, config).partitions(PARTITIONS);
            idleMs = Long.parseLong(config.getOrDefault("visitors.idle.ms", "5000"));
            threshold = Long.parseLong(config.getOrDefault("visitors.threshold", "100000"));
            // Worked out independently of ThresholdAlerts: the first count that re-arms is below this.
            rearmBelow = (long) Math.ceil(threshold * (1 - Double.parseDouble(config.getOrDefault("visitors.rearm.fraction", "0.05"))));
        }

        void send(String visitor, String json) {
            driver.input("visits", Truth.partitionOf(visitor, PARTITIONS), visitor, json.getBytes(StandardCharsets.UTF_8));
        }

        void settle() {
            driver.runUntilIdle();
            forwardShares();
            driver.advanceWallClock(Duration.ofSeconds(1));
        }

        void forwardShares() {
            final List<OutgoingMessage> partials = driver.outputs("visitor-partials");
            for (; forwarded < partials.size(); forwarded++) {
                final OutgoingMessage p = partials.get(forwarded);
                driver.input("visitor-partials", 0, p.key(), p.value());
            }
            driver.runUntilIdle();
        }

        /** Lets every partition fall idle, so that task 0 decides all it can. */
        void goIdle() {
            driver.advanceWallClock(Duration.ofMillis(idleMs + 1_000));
            forwardShares();
            driver.advanceWallClock(Duration.ofSeconds(1));
        }

        JsonNode lastCount() throws Exception {
            final List<OutgoingMessage> counts = driver.outputs("visitor-counts");
            assertThat(counts).isNotEmpty();
            return JSON.readTree((String) counts.get(counts.size() - 1).value());
        }

        List<Truth.Alert> alerts() throws Exception {
            final List<Truth.Alert> alerts = new ArrayList<>();
            for (OutgoingMessage m : driver.outputs("visitor-alerts")) {
                final JsonNode a = JSON.readTree((String) m.value());
                alerts.add(new Truth.Alert(a.get("type").asText(), a.get("at").asLong(), a.get("count").asLong()));
            }
            return alerts;
        }

        /**
         * The decided count equals the reference for the decided bucket, and the alerts sent are exactly
         * those of the reference walked up to it.
         */
        long assertDecisionsExact(List<VisitGenerator.Event> events, CountMode mode) throws Exception {
            final JsonNode count = lastCount();
            final long decided = count.get("decided_at").asLong() / MINUTE;
            assertThat(count.get("decided_at").asLong()).isEqualTo((decided + 1) * MINUTE - 1);
            assertThat(count.get("decided_count").asLong()).as("decided count at bucket %d", decided)
                    .isEqualTo(Truth.countAt(events, mode, decided));
            assertThat(alerts()).as("alerts up to bucket %d", decided)
                    .isEqualTo(Truth.alerts(events, mode, threshold, rearmBelow, decided));
            return decided;
        }
    }

    /** The generated events, and each partition's share of them in order. */
    private static List<List<VisitGenerator.Event>> byPartition(List<VisitGenerator.Event> events) {
        final List<List<VisitGenerator.Event>> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new ArrayList<>());
        }
        events.forEach(e -> parts.get(Truth.partitionOf(e.visitor(), PARTITIONS)).add(e));
        return parts;
    }

    @Test
    void shouldPostEachAlertToTheWebhookWithItsAlertIdAsIdempotencyKey() throws Exception {
        final Map<String, String> received = new ConcurrentHashMap<>();
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alerts", exchange -> {
            received.put(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            final VisitGenerator generator = new VisitGenerator(
                    new VisitGenerator.Options(6_000, 600, 7, START, 500, 5_000, 300));
            final Harness h = new Harness(config("visitors.threshold", "700",
                    "visitors.webhook.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts"));
            for (VisitGenerator.Event e : generator) {
                h.send(e.visitor(), e.json());
            }
            h.settle();
            h.goIdle();
            final List<OutgoingMessage> alerts = h.driver.outputs("visitor-alerts");
            assertThat(alerts).isNotEmpty();

            await("the webhook to receive " + alerts.size() + " alerts").atMost(Duration.ofSeconds(30))
                    .until(() -> received.size() >= alerts.size());
            for (OutgoingMessage alert : alerts) {
                assertThat(received).as("the webhook's requests by Idempotency-Key")
                        .containsEntry((String) alert.key(), (String) alert.value());
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldCountDistinctVisitorsOfTheLastThirtyMinutesAndAlertOncePerCrossing() throws Exception {
        // 600 regular visitors over ~50 minutes of event time, then a burst of 300 new ones.
        final VisitGenerator generator = new VisitGenerator(
                new VisitGenerator.Options(6_000, 600, 7, START, 500, 5_000, 300));
        final Harness h = new Harness(config("visitors.threshold", "700"));
        long truthCheckedAt = -1;
        int sent = 0;
        for (VisitGenerator.Event e : generator) {
            h.send(e.visitor(), e.json());
            if (++sent % 500 == 0) {
                h.settle();
                final JsonNode count = h.lastCount();
                assertThat(count.get("count").asLong()).as("count after %d events", sent)
                        .isEqualTo(truth(generator, sent, count.get("at").asLong()));
                truthCheckedAt = sent;
            }
        }
        assertThat(truthCheckedAt).isEqualTo(6_000);
        h.goIdle();

        final List<VisitGenerator.Event> events = new ArrayList<>();
        generator.forEach(events::add);
        final long decided = h.lastCount().get("decided_at").asLong() / MINUTE;
        assertThat(decided).isGreaterThanOrEqualTo(Truth.lastDecidable(events, PARTITIONS));
        final List<Truth.Alert> expected = Truth.alerts(events, CountMode.VISITORS, 700, 665, decided);
        assertThat(expected).extracting(Truth.Alert::type).containsExactly("threshold-crossed");
        assertThat(h.alerts()).isEqualTo(expected);
        final List<OutgoingMessage> alerts = h.driver.outputs("visitor-alerts");
        final JsonNode alert = JSON.readTree((String) alerts.get(0).value());
        assertThat(alert.get("threshold").asLong()).isEqualTo(700);
        assertThat(alert.get("window_minutes").asInt()).isEqualTo(30);
        assertThat(alert.get("alert_id").asText()).isEqualTo("visitor-counter-1-1-threshold-crossed");
        assertThat(alerts.get(0).key()).isEqualTo("visitor-counter-1-1-threshold-crossed");
    }

    /**
     * No wall-clock TTL: the entries of visitors last seen before a task's kept buckets (window plus lateness,
     * in event time) are deleted by the task itself, so its state is bounded by the visitors of the kept
     * buckets. Checked per partition against the events: every visitor last seen in a kept bucket has its
     * entry, every other visitor has none, and the expiry index holds only kept buckets.
     */
    @Test
    void shouldForgetVisitorsLastSeenBeforeTheKeptBucketsInEventTime() throws Exception {
        // 300 regular visitors over 100 minutes (3.3 windows), a burst of 400 new ones early on.
        final List<VisitGenerator.Event> events = new ArrayList<>();
        new VisitGenerator(new VisitGenerator.Options(3_000, 300, 9, START, 2_000, 200, 400)).forEach(events::add);
        final Harness h = new Harness(config());
        for (VisitGenerator.Event e : events) {
            h.send(e.visitor(), e.json());
        }
        h.settle();

        final long windowBuckets = 30;
        final long latenessMs = 5 * MINUTE;
        int kept = 0;
        int forgotten = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            final Map<String, Long> lastBucket = new HashMap<>();
            long maxTs = -1;
            for (VisitGenerator.Event e : byPartition(events).get(p)) {
                lastBucket.merge(e.visitor(), Math.floorDiv(e.ts(), MINUTE), Math::max);
                maxTs = Math.max(maxTs, e.ts());
            }
            final long oldestKept = Math.floorDiv(maxTs - latenessMs, MINUTE) - windowBuckets + 1;
            final KeyValueStore<String, String> store = h.driver.store("visitors", p);
            for (Map.Entry<String, Long> visitor : lastBucket.entrySet()) {
                final String entry = store.get("v:" + visitor.getKey());
                if (visitor.getValue() >= oldestKept) {
                    assertThat(entry).as("entry of %s, last seen in kept bucket %d", visitor.getKey(), visitor.getValue())
                            .isEqualTo(Long.toString(visitor.getValue()));
                    kept++;
                } else {
                    assertThat(entry).as("entry of %s, last seen in bucket %d before the kept %d", visitor.getKey(),
                            visitor.getValue(), oldestKept).isNull();
                    forgotten++;
                }
            }
            for (long b = oldestKept - 2 * windowBuckets; b < oldestKept; b++) {
                assertThat(store.get("n:" + b)).as("index of bucket %d, before the kept %d", b, oldestKept).isNull();
                assertThat(store.get("m:" + b + ":0")).as("index chunk of bucket %d", b).isNull();
            }
        }
        // The scenario must exercise both sides: the burst's visitors are long gone, the regulars are kept.
        assertThat(forgotten).isGreaterThanOrEqualTo(300);
        assertThat(kept).isGreaterThanOrEqualTo(250);
    }

    /**
     * The same events read in very different orders (one partition entirely before the next, or random
     * interleavings in random chunks, as a backlog replay may read them) give the same decisions: every
     * decided count, and the alerts with their moment and count, equal the reference.
     */
    @ParameterizedTest(name = "{0} order, {1}, seed {2}")
    @CsvSource({"sequential, VISITORS, 1", "reverse, VISITORS, 2", "random, VISITORS, 3", "random, VISITORS, 4",
            "random, VISITORS, 5", "sequential, EVENTS, 6", "random, EVENTS, 7"})
    void shouldDecideTheSameAlertsWhateverOrderThePartitionsAreReadIn(String order, CountMode mode, long seed)
            throws Exception {
        // 300 regular visitors over 100 minutes, a burst of 400 new ones from event 800: the distinct count
        // climbs from ~260 above 500 and falls back below 350 (events: ~900 per window, one crossing).
        final List<VisitGenerator.Event> events = new ArrayList<>();
        new VisitGenerator(new VisitGenerator.Options(3_000, 300, seed, START, 2_000, 800, 400)).forEach(events::add);
        final Harness h = new Harness(config("visitors.count", mode.name().toLowerCase(java.util.Locale.ROOT),
                "visitors.threshold", "500", "visitors.rearm.fraction", "0.3", "visitors.idle.ms", "120000"));
        final List<List<VisitGenerator.Event>> parts = byPartition(events);
        final Random random = new Random(seed);
        final int[] next = new int[PARTITIONS];
        int round = 0;
        while (true) {
            final List<Integer> open = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                if (next[p] < parts.get(p).size()) {
                    open.add(p);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            final int p = switch (order) {
                case "sequential" -> open.get(0);
                case "reverse" -> open.get(open.size() - 1);
                default -> open.get(random.nextInt(open.size()));
            };
            final int end = Math.min(parts.get(p).size(), next[p] + 1 + random.nextInt(order.equals("random") ? 120 : 400));
            for (VisitGenerator.Event e : parts.get(p).subList(next[p], end)) {
                h.send(e.visitor(), e.json());
            }
            next[p] = end;
            h.settle();
            if (++round % 4 == 0 && h.lastCount().has("decided_at")) {
                h.assertDecisionsExact(events, mode);
            }
        }
        h.goIdle();
        final long decided = h.assertDecisionsExact(events, mode);
        assertThat(decided).isGreaterThanOrEqualTo(Truth.lastDecidable(events, PARTITIONS));
        assertThat(h.alerts()).extracting(Truth.Alert::type).containsExactlyElementsOf(mode == CountMode.VISITORS
                ? List.of("threshold-crossed", "back-below") : List.of("threshold-crossed"));
        final long end = Truth.end(events);
        assertThat(h.lastCount().get("at").asLong()).isEqualTo(end);
        assertThat(h.lastCount().get("count").asLong()).isEqualTo(Truth.countAt(events, mode, end / MINUTE));
    }

    /**
     * A partition that never gets an event, and one whose events stop early, fall idle: task 0 stops
     * waiting for them, and the decisions stay exact because they really have nothing more.
     */
    @Test
    void shouldDecideExactlyWithAnEmptyPartitionAndOneThatStopsEarly() throws Exception {
        final List<VisitGenerator.Event> events = new ArrayList<>();
        for (VisitGenerator.Event e : new VisitGenerator(new VisitGenerator.Options(3_000, 300, 9, START, 2_000, 800, 400))) {
            final int p = Truth.partitionOf(e.visitor(), PARTITIONS);
            if (p != 3 && (p != 2 || e.index() < 600)) {
                events.add(e);
            }
        }
        // Half the visitors are left, so the distinct count peaks at ~330: threshold 250, re-armed below 175.
        final Harness h = new Harness(config("visitors.threshold", "250", "visitors.rearm.fraction", "0.3",
                "visitors.idle.ms", "3000"));
        for (int from = 0; from < events.size(); from += 60) {
            for (VisitGenerator.Event e : events.subList(from, Math.min(events.size(), from + 60))) {
                h.send(e.visitor(), e.json());
            }
            h.settle();
        }
        // Partition 2 stopped early and partition 3 is empty: both idle by now, so decisions are well past them.
        final long decidedBeforeIdle = h.assertDecisionsExact(events, CountMode.VISITORS);
        final List<List<VisitGenerator.Event>> parts = byPartition(events);
        assertThat(parts.get(3)).isEmpty();
        assertThat(decidedBeforeIdle).isGreaterThan(parts.get(2).get(parts.get(2).size() - 1).ts() / MINUTE + 30);
        h.goIdle();
        final long decided = h.assertDecisionsExact(events, CountMode.VISITORS);
        assertThat(decided).isGreaterThanOrEqualTo(Truth.lastDecidable(events, PARTITIONS));
        assertThat(h.alerts()).extracting(Truth.Alert::type).containsExactly("threshold-crossed", "back-below");
    }

    @Test
    void shouldCountEventsWhenAskedTo() throws Exception {
        final VisitGenerator generator = new VisitGenerator(new VisitGenerator.Options(3_000, 50, 3, START, 1_000, -1, 0));
        final Harness h = new Harness(config("visitors.count", "events"));
        for (VisitGenerator.Event e : generator) {
            h.send(e.visitor(), e.json());
        }
        h.settle();
        final JsonNode count = h.lastCount();
        final long end = count.get("at").asLong();
        long expected = 0;
        for (VisitGenerator.Event e : generator) {
            if (e.ts() / 60_000 > end / 60_000 - 30) {
                expected++;
            }
        }
        assertThat(end).isEqualTo(START + 2_999_000L);
        assertThat(count.get("count").asLong()).isEqualTo(expected);
    }

    @Test
    void shouldDeadLetterMalformedAndLateEventsAndKeepCounting() throws Exception {
        final Harness h = new Harness(config());
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + START + "}");
        h.settle();
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + (START + 20 * 60_000) + "}");
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + (START + 60_000) + "}");
        h.send("v-2", "{\"visitor\":\"v-2\",\"ts\":");
        h.send("v-3", "{\"ts\":" + START + "}");
        h.send("v-4", "{\"visitor\":\"v-4\",\"ts\":\"soon\"}");
        h.send("v-5", "{\"visitor\":\"v-5\"}");
        h.send("v-6", "{\"visitor\":\"v-6\",\"ts\":" + (START + 20 * 60_000) + "}");
        h.settle();

        assertThat(h.driver.deadLetters()).extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder("late", "malformed-json", "missing-visitor", "bad-ts", "missing-ts");
        assertThat(h.lastCount().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterFarFutureAndMicrosecondEventsAsFutureAndKeepCountingLaterOnes() throws Exception {
        final Harness h = new Harness(config());
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + START + "}");
        h.settle();
        // A year ahead would move the newest event time a year on and make every later event late;
        // microseconds would be read as a time 50,000 years on.
        h.send("v-2", "{\"visitor\":\"v-2\",\"ts\":" + (START + 365L * 24 * 60 * MINUTE) + "}");
        h.send("v-3", "{\"visitor\":\"v-3\",\"ts\":" + START * 1_000 + "}");
        h.settle();
        for (int i = 4; i < 10; i++) {
            h.send("v-" + i, "{\"visitor\":\"v-" + i + "\",\"ts\":" + (START + i * MINUTE) + "}");
        }
        h.settle();

        assertThat(h.driver.deadLetters()).extracting(DeadLetter::reason).containsExactly("future", "future");
        assertThat(h.driver.deadLetters()).extracting(DeadLetter::valueAsString)
                .allMatch(v -> v.contains("v-2") || v.contains("v-3"));
        assertThat(h.lastCount().get("at").asLong()).isEqualTo(START + 9 * MINUTE);
        assertThat(h.lastCount().get("count").asLong()).as("v-1 and v-4..v-9").isEqualTo(7);
    }

    @Test
    void shouldCountAcrossAGapOfYearsBetweenTwoValidEvents() throws Exception {
        final Harness h = new Harness(config("visitors.threshold", "3"));
        final long yearsAgo = START - 3 * 365L * 24 * 60 * MINUTE;
        for (int i = 0; i < 4; i++) {
            h.send("old-" + i, "{\"visitor\":\"old-" + i + "\",\"ts\":" + (yearsAgo + i * MINUTE) + "}");
        }
        h.settle();
        for (int i = 0; i < 4; i++) {
            h.send("new-" + i, "{\"visitor\":\"new-" + i + "\",\"ts\":" + (START + i * MINUTE) + "}");
        }
        h.settle();
        h.goIdle();

        assertThat(h.driver.deadLetters()).isEmpty();
        assertThat(h.lastCount().get("count").asLong()).isEqualTo(4);
        // Every partition idle: decided up to the slowest one's newest bucket, the first new minute, across the gap.
        assertThat(h.lastCount().get("decided_at").asLong()).isEqualTo(Math.floorDiv(START, MINUTE) * MINUTE - 1);
        assertThat(h.lastCount().get("decided_count").asLong()).isZero();
        // Crossed with the old visitors, back below once their window passed.
        assertThat(h.alerts()).extracting(Truth.Alert::type).containsExactly("threshold-crossed", "back-below");
    }

    @Test
    void shouldIgnoreSharesOfAnEarlierJobInstance() throws Exception {
        final Harness h = new Harness(config());
        final long[] many = new long[30];
        many[29] = 5_000;
        h.driver.input("visitor-partials", 0, "visitor-counter-0:1",
                PartialCodec.encode(new Partial(1, 99, START, START / 60_000 - 29, many)));
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + START + "}");
        h.settle();
        assertThat(h.lastCount().get("count").asLong()).isEqualTo(1);
        assertThat(h.driver.outputs("visitor-alerts")).isEmpty();
    }

    @Test
    void shouldRejectBadSettingsNamingTheKey() {
        final VisitorCounterTask task = new VisitorCounterTask();
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("visitors.window.minutes", "-5"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("visitors.window.minutes");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("visitors.threshold", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("visitors.threshold");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("visitors.max.future.ms", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("visitors.max.future.ms");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("visitors.idle.ms", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("visitors.idle.ms");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("task.window.ms", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.window.ms");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("task.inputs", "visits"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.inputs");
    }

    /** Distinct visitors among the first {@code n} events whose minute is within 30 minutes of {@code end}. */
    private static long truth(VisitGenerator generator, int n, long end) {
        final Set<String> visitors = new HashSet<>();
        int i = 0;
        for (VisitGenerator.Event e : generator) {
            if (i++ >= n) {
                break;
            }
            if (e.ts() / 60_000 > end / 60_000 - 30 && e.ts() <= end) {
                visitors.add(e.visitor());
            }
        }
        return visitors.size();
    }
}
