package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import dev.riffle.testing.RedisFixture;

/**
 * The visitor counter on YARN with its state in a real Redis ({@code config/visitor-counter.properties}): the
 * scenarios of {@link VisitorCounterOnYarnContract}, and, for this store, the topic loaded before the job
 * starts, a container frozen (SIGSTOP) past the AM's heartbeat timeout and woken beside its replacement, the
 * Kafka broker away for longer than the producer's {@code delivery.timeout.ms}, and a container that dies
 * after the producer flush and before the checkpoint.
 */
class VisitorCounterRedisIT extends VisitorCounterOnYarnContract {

    /** The job's producer gives up on a send after 8 s; the broker stays away much longer. */
    private static final Map<String, String> SHORT_KAFKA_TIMEOUTS = Map.of(
            "systems.kafka.producer.delivery.timeout.ms", "8000",
            "systems.kafka.producer.request.timeout.ms", "3000",
            "systems.kafka.producer.linger.ms", "5",
            "systems.kafka.producer.max.block.ms", "5000",
            "systems.kafka.consumer.default.api.timeout.ms", "5000");

    private static RedisFixture redis;

    @BeforeAll
    static void start(final RedisFixture redisFixture) {
        redis = redisFixture;
    }

    @Override
    String store() {
        return "redis";
    }

    @Override
    Path config(final VisitorJob job, final int containers, final Map<String, String> extra) throws Exception {
        final Map<String, String> overrides = new HashMap<>(job.config(containers));
        overrides.put("stores.visitors.redis.uri", redis.uri());
        overrides.putAll(extra);
        return YarnJobs.writeConfig("visitor-counter.properties", job.instance() + ".properties", overrides);
    }

    /** Key {@code count} of task 0, in the key layout of docs/state.md. */
    @Override
    void awaitStoredCount(final VisitorJob job, final long end, final long expected) {
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
    }

    /**
     * The whole data set is in the topic before the job starts: the tasks race through their backlogs
     * at their own pace, far apart in event time, and the alerts must still be those of the events.
     */
    @Test
    void shouldAlertExactlyWhenReplayingAPreloadedTopic() throws Exception {
        final String visits = topic("replay");
        final VisitorJob distinct = job("visitors-redis", "replay", visits, CountMode.VISITORS);
        final VisitorJob events = job("events-redis", "replay", visits, CountMode.EVENTS);
        VisitorJob.produce(kafka, visits, events());
        yarn.submit(config(distinct, 2, Map.of()));
        yarn.submit(config(events, 2, Map.of()));

        final long end = Truth.end(EVENTS);
        assertExact(distinct, end, Truth.visitors(EVENTS, end), false);
        assertExact(events, end, Truth.events(EVENTS, end), false);
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
        final String visits = topic("frozen");
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
        final String visits = topic("outage-broker");
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
        final String visits = topic("outage-crash");
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
}
