package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;
import dev.riffle.testing.YarnFixture;

/**
 * The visitor counter's real job package on a MiniYARNCluster with a real Kafka broker and Redis: the
 * final count and the alerts (type, moment and count) equal what the test computes from the generated
 * events, for distinct visitors and for events, with one container and with two over four partitions,
 * fed as live traffic or replayed from a topic loaded before the job starts, with containers SIGKILLed
 * during the run, with a container frozen (SIGSTOP) past the AM's heartbeat timeout and woken beside its
 * replacement, with the Kafka broker away for longer than the producer's {@code delivery.timeout.ms},
 * and with a container that dies after the producer flush and before the checkpoint.
 */
@ExtendWith(FixturesExtension.class)
class VisitorCounterRedisIT {

    /**
     * 4,000 events one second apart (66 minutes of event time, so the window slides) from 300 regular
     * visitors, with a burst of 400 new visitors from event 1,000: the distinct count climbs from ~300
     * to ~700 (above the threshold of 500) and falls back to ~300 (below 350) once the burst is more
     * than 30 minutes old.
     */
    static final VisitGenerator EVENTS = new VisitGenerator(
            new VisitGenerator.Options(4_000, 300, 11, VisitorJob.START, 1_000, 1_000, 400));

    /** Events sent at once before waiting for the job to catch up: 200 s of event time. */
    static final int CHUNK = 200;

    /** The job's producer gives up on a send after 8 s; the broker stays away much longer. */
    private static final Map<String, String> SHORT_KAFKA_TIMEOUTS = Map.of(
            "systems.kafka.producer.delivery.timeout.ms", "8000",
            "systems.kafka.producer.request.timeout.ms", "3000",
            "systems.kafka.producer.linger.ms", "5",
            "systems.kafka.producer.max.block.ms", "5000",
            "systems.kafka.consumer.default.api.timeout.ms", "5000");

    private static KafkaFixture kafka;
    private static RedisFixture redis;
    private static YarnJobs yarn;
    private final List<VisitorJob> jobs = new ArrayList<>();

    @BeforeAll
    static void start(final KafkaFixture kafkaFixture, final RedisFixture redisFixture, final YarnFixture yarnFixture) {
        kafka = kafkaFixture;
        redis = redisFixture;
        yarn = new YarnJobs(yarnFixture);
    }

    @AfterAll
    static void stop() throws Exception {
        yarn.close();
    }

    @AfterEach
    void killJobs() throws Exception {
        kafka.start(); // after a test that stopped the broker
        yarn.killRunning();
        for (VisitorJob job : jobs) {
            job.close();
        }
    }

    @Test
    void shouldCountExactlyWithOneContainer() throws Exception {
        countBothModesExactly("one", 1);
    }

    @Test
    void shouldCountExactlyWithTwoContainersOverFourPartitions() throws Exception {
        countBothModesExactly("two", 2);
    }

    /** A visitors job and an events job side by side on one visits topic: both must be exact. */
    private void countBothModesExactly(final String label, final int containers) throws Exception {
        final String visits = "visits-redis-" + label;
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob distinct = job("visitors-redis", label, visits, CountMode.VISITORS);
        final VisitorJob events = job("events-redis", label, visits, CountMode.EVENTS);
        final long started = System.currentTimeMillis();
        yarn.submit(config(distinct, containers));
        yarn.submit(config(events, containers));
        VisitorJob.produceLive(kafka, visits, events(), CHUNK, distinct, events);

        final long end = Truth.end(EVENTS);
        assertExact(distinct, end, Truth.visitors(EVENTS, end));
        assertExact(events, end, Truth.events(EVENTS, end));
        System.out.printf("NUMBERS visitor counter on YARN+Redis, %d container(s), both modes: submit -> exact final counts %d ms%n",
                containers, System.currentTimeMillis() - started);
    }

    /**
     * The whole data set is in the topic before the job starts: the tasks race through their backlogs
     * at their own pace, far apart in event time, and the alerts must still be those of the events.
     */
    @Test
    void shouldAlertExactlyWhenReplayingAPreloadedTopic() throws Exception {
        final String visits = "visits-redis-replay";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob distinct = job("visitors-redis", "replay", visits, CountMode.VISITORS);
        final VisitorJob events = job("events-redis", "replay", visits, CountMode.EVENTS);
        VisitorJob.produce(kafka, visits, events());
        final long started = System.currentTimeMillis();
        yarn.submit(config(distinct, 2));
        yarn.submit(config(events, 2));

        final long end = Truth.end(EVENTS);
        assertExact(distinct, end, Truth.visitors(EVENTS, end));
        assertExact(events, end, Truth.events(EVENTS, end));
        System.out.printf("NUMBERS visitor counter on YARN+Redis, 2 containers, preloaded topic, both modes: submit -> exact"
                + " counts and alerts %d ms%n", System.currentTimeMillis() - started);
    }

    @Test
    void shouldStayExactAndDecideEachAlertOnceWhenContainersAreSigkilled() throws Exception {
        final String visits = "visits-redis-crash";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        // The scenario must hold both kinds of alert for "no alert sent twice" to mean something.
        assertThat(Truth.alerts(events(), CountMode.VISITORS, VisitorJob.THRESHOLD, VisitorJob.REARM_BELOW,
                Truth.lastDecidable(events(), VisitorJob.PARTITIONS))).extracting(Truth.Alert::type)
                .containsExactly("threshold-crossed", "back-below");
        final VisitorJob job = job("visitors-redis", "crash", visits, CountMode.VISITORS);
        final ApplicationId app = yarn.submit(config(job, 2));
        final List<VisitGenerator.Event> all = events();
        // The first half holds the burst: the threshold-crossed alert is sent before the kill.
        VisitorJob.produceLive(kafka, visits, all.subList(0, 2_000), CHUNK, job);
        await(job.instance() + ": the threshold-crossed alert").atMost(YarnJobs.TIMEOUT)
                .until(() -> !job.alerts.records().isEmpty());
        final String zero = yarn.yarnContainerOf(app, "0");
        final String one = yarn.yarnContainerOf(app, "1");

        yarn.sigkill(zero);
        yarn.sigkill(one);
        VisitorJob.produceLive(kafka, visits, all.subList(2_000, all.size()), CHUNK, job);

        final long end = Truth.end(EVENTS);
        // A kill between an alert's flush and its checkpoint sends it again, identical: at-least-once delivery.
        assertExact(job, end, Truth.visitors(EVENTS, end), true);
        assertThat(yarn.restartsOf(app, "0")).as("restarts of logical container 0").isGreaterThanOrEqualTo(1);
        assertThat(yarn.restartsOf(app, "1")).as("restarts of logical container 1").isGreaterThanOrEqualTo(1);
    }

    /**
     * Logical container 0 (task 0 sends the live count) is frozen with SIGSTOP of its JVM for longer than
     * {@code yarn.container.heartbeat.timeout.ms} (10 s here): the AM gives its YARN container back, which
     * YARN kills, and relaunches the logical container, whose replacement claims a newer generation of its
     * tasks' checkpoints and carries on. The frozen process is then woken with SIGCONT (if YARN has not
     * killed it already) and must exit: should it still run, its next heartbeat is answered "not recognised"
     * and its commits are fenced by the generation. The final count is exact and the alerts are those of the
     * events (a repeat identical to the first, if the freeze caught one between its flush and its checkpoint).
     */
    @Test
    void shouldReplaceAFrozenContainerAndStayExactWhenItWakesUp() throws Exception {
        final String visits = "visits-redis-frozen";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob job = job("visitors-redis", "frozen", visits, CountMode.VISITORS);
        final ApplicationId app = yarn.submit(config(job, 2, Map.of("yarn.container.heartbeat.timeout.ms", "10000")));
        final List<VisitGenerator.Event> all = events();
        VisitorJob.produceLive(kafka, visits, all.subList(0, 2_000), CHUNK, job);
        final String frozen = yarn.yarnContainerOf(app, "0");
        final long pid = yarn.jvmPidOf(app, "0", frozen);

        assertThat(YarnJobs.signal(pid, "STOP")).as("SIGSTOP of the JVM %s of %s", pid, frozen).isTrue();
        // The live count stands still until the replacement of container 0 runs task 0.
        VisitorJob.produceLive(kafka, visits, all.subList(2_000, 2_400), CHUNK, job);
        await("a replacement of the frozen " + frozen).atMost(YarnJobs.TIMEOUT)
                .until(() -> !frozen.equals(yarn.yarnContainerOf(app, "0")));
        YarnJobs.signal(pid, "CONT");
        await("the frozen JVM " + pid + " to exit").atMost(YarnJobs.TIMEOUT)
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        VisitorJob.produceLive(kafka, visits, all.subList(2_400, all.size()), CHUNK, job);

        final long end = Truth.end(EVENTS);
        assertExact(job, end, Truth.visitors(EVENTS, end), true);
        assertThat(yarn.state(app)).isEqualTo(YarnApplicationState.RUNNING);
        assertThat(yarn.restartsOf(app, "0")).as("restarts of logical container 0").isEqualTo(1);
        assertThat(yarn.restartsOf(app, "1")).as("restarts of logical container 1").isZero();
        assertThat(yarn.lastDiagnosticsOf(app, "0")).contains("no heartbeat for", frozen);
    }

    /**
     * The broker stops while the job runs and stays away for 25 s, three times the producer's delivery
     * timeout: the container whose sends expire exits with the "dependency unavailable" status, the AM
     * relaunches it without spending the restart budget (here none at all), the new container
     * waits for Kafka, and once the broker is back the job resumes: exact final count, the alerts of the
     * events (a repeat of an alert, if the outage caught one in flight, identical to the first).
     */
    @Test
    void shouldPauseWhileTheBrokerIsAwayAndResumeWithExactCounts() throws Exception {
        final String visits = "visits-outage-broker";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob job = job("visitors-outage", "broker", visits, CountMode.VISITORS);
        final Map<String, String> overrides = new HashMap<>(SHORT_KAFKA_TIMEOUTS);
        // No restart budget at all: only a relaunch that does not spend it keeps the job alive.
        overrides.put("yarn.container.retry.count", "0");
        final ApplicationId app = yarn.submit(config(job, 2, overrides));
        final List<VisitGenerator.Event> all = events();
        VisitorJob.produceLive(kafka, visits, all.subList(0, 2_000), CHUNK, job);

        kafka.stop();
        // Task 0 sends the live count every second: those sends expire, and its container stops.
        await("logical container 0 to exit with the dependency-unavailable status").atMost(YarnJobs.TIMEOUT)
                .until(() -> Integer.valueOf(75).equals(yarn.lastExitStatusOf(app, "0")));
        await("the broker to stay away for 25 s").during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(40))
                .until(() -> !kafka.isRunning());
        assertThat(yarn.state(app)).isEqualTo(YarnApplicationState.RUNNING);
        kafka.start();
        VisitorJob.produceLive(kafka, visits, all.subList(2_000, all.size()), CHUNK, job);

        final long end = Truth.end(EVENTS);
        assertExact(job, end, Truth.visitors(EVENTS, end), true);
        assertThat(yarn.state(app)).isEqualTo(YarnApplicationState.RUNNING);
        assertThat(yarn.restartsOf(app, "0")).as("restarts of logical container 0").isGreaterThanOrEqualTo(1);
    }

    /**
     * A test-only hook ({@code -Driffle.test.crash-after-flush}, see {@code CrashAfterFlush}) halts the
     * container right after the producer flush that delivered the first alert and before the checkpoint
     * that covers it. The relaunched container replays the batch from the last checkpoint and sends the
     * alert again: the alerts topic holds it twice, with the same {@code alert_id} and the same content,
     * and the count stays exact. This is the at-least-once delivery docs/visitor-counter.md states.
     */
    @Test
    void shouldSendTheSameAlertAgainWhenTheContainerDiesBetweenTheFlushAndTheCheckpoint() throws Exception {
        final String visits = "visits-outage-crash";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob job = job("visitors-outage", "crash", visits, CountMode.VISITORS);
        final Path marker = Path.of("target").toAbsolutePath().resolve(job.instance() + "-crashed");
        Files.deleteIfExists(marker);
        final Map<String, String> overrides = new HashMap<>();
        overrides.put("task.opts", "-Xmx160m -Driffle.test.crash-after-flush=" + job.instance() + "-alerts:" + marker);
        final ApplicationId app = yarn.submit(config(job, 1, overrides));
        final List<VisitGenerator.Event> all = events();

        VisitorJob.produceLive(kafka, visits, all, CHUNK, job);

        final long end = Truth.end(EVENTS);
        assertExact(job, end, Truth.visitors(EVENTS, end), true);
        assertThat(marker).as("the marker of the crash after the flush").exists();
        assertThat(yarn.restartsOf(app, "0")).as("restarts of logical container 0").isEqualTo(1);
        final List<JsonNode> alerts = job.alerts();
        final JsonNode first = alerts.get(0);
        assertThat(first.get("type").asText()).isEqualTo("threshold-crossed");
        assertThat(alerts.get(1)).as("the alert sent again after the crash").isEqualTo(first);
    }

    // ------------------------------------------------------------------------------------------

    static List<VisitGenerator.Event> events() {
        final List<VisitGenerator.Event> all = new ArrayList<>();
        EVENTS.forEach(all::add);
        return all;
    }

    private VisitorJob job(final String name, final String id, final String visits, final CountMode mode) {
        final VisitorJob job = VisitorJob.create(kafka, name, id, visits, mode);
        jobs.add(job);
        return job;
    }

    private static Path config(final VisitorJob job, final int containers) throws Exception {
        return config(job, containers, Map.of());
    }

    private static Path config(final VisitorJob job, final int containers, final Map<String, String> extra)
            throws Exception {
        final Map<String, String> overrides = new HashMap<>(job.config(containers));
        overrides.put("stores.visitors.redis.uri", redis.uri());
        overrides.putAll(extra);
        return YarnJobs.writeConfig("visitor-counter.properties", job.instance() + ".properties", overrides);
    }

    /** The final count on the counts topic and in Redis, and exactly the expected alerts. */
    private static void assertExact(final VisitorJob job, final long end, final long expected) throws Exception {
        assertExact(job, end, expected, false);
    }

    /** As above; {@code repeatsAllowed}: an alert may be on the topic again, identical (see {@link Alerts}). */
    private static void assertExact(final VisitorJob job, final long end, final long expected, final boolean repeatsAllowed)
            throws Exception {
        job.awaitFinalCount(end, expected);
        final String key = "riffle:{" + job.name + ":" + job.id + ":Partition 0}:visitors:d:count";
        try (Jedis client = new Jedis(java.net.URI.create(redis.uri()))) {
            await(key + " in Redis").atMost(YarnJobs.TIMEOUT).untilAsserted(() -> {
                final String stored = client.get(key);
                assertThat(stored).as("Redis key %s", key).isNotNull();
                final JsonNode node = VisitorJob.JSON.readTree(stored);
                assertThat(node.get("count").asLong()).isEqualTo(expected);
                assertThat(node.get("at").asLong()).isEqualTo(end);
            });
        }
        Alerts.assertExpected(job, events(), repeatsAllowed);
    }
}
