package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.YarnFixture;

/**
 * What the visitor counter's real job package must do on a MiniYARNCluster with a real Kafka broker, whatever
 * store keeps its state: the final count and the alerts (type, moment and count) equal what the test computes
 * from the generated events ({@link Truth}), for distinct visitors and for events, with one container and with
 * two over four partitions, and with both containers SIGKILLed during the run. A subclass names the store: the
 * shipped config it starts from, the keys that point the job at the test's server, and where it reads the
 * stored count back.
 */
@ExtendWith(FixturesExtension.class)
abstract class VisitorCounterOnYarnContract {

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

    /** Set before each class's tests (the classes of a module run one after another). */
    static KafkaFixture kafka;
    static YarnJobs yarn;

    private final List<VisitorJob> jobs = new ArrayList<>();

    @BeforeAll
    static void startYarnJobs(final KafkaFixture kafkaFixture, final YarnFixture yarnFixture) {
        kafka = kafkaFixture;
        yarn = new YarnJobs(yarnFixture);
    }

    @AfterAll
    static void stopYarnJobs() throws Exception {
        yarn.close();
    }

    /** {@code redis} or {@code cassandra}: part of the job and topic names, so that the classes never share one. */
    abstract String store();

    /** The shipped config with the job's keys ({@link VisitorJob#config}), the store's address and {@code extra} on top. */
    abstract Path config(VisitorJob job, int containers, Map<String, String> extra) throws Exception;

    /** Waits until the store holds the live count {@code expected} for the window ending at {@code end}. */
    abstract void awaitStoredCount(VisitorJob job, long end, long expected) throws Exception;

    @AfterEach
    void killJobs() throws Exception {
        kafka.start(); // after a test that stopped the broker; does nothing while it runs
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
        final String visits = topic(label);
        final VisitorJob distinct = job("visitors-" + store(), label, visits, CountMode.VISITORS);
        final VisitorJob events = job("events-" + store(), label, visits, CountMode.EVENTS);
        yarn.submit(config(distinct, containers, Map.of()));
        yarn.submit(config(events, containers, Map.of()));
        VisitorJob.produceLive(kafka, visits, events(), CHUNK, distinct, events);

        final long end = Truth.end(EVENTS);
        assertExact(distinct, end, Truth.visitors(EVENTS, end), false);
        assertExact(events, end, Truth.events(EVENTS, end), false);
    }

    @Test
    void shouldStayExactAndDecideEachAlertOnceWhenContainersAreSigkilled() throws Exception {
        final String visits = topic("crash");
        // The scenario must hold both kinds of alert for "no alert sent twice" to mean something.
        assertThat(Truth.alerts(events(), CountMode.VISITORS, VisitorJob.THRESHOLD, VisitorJob.REARM_BELOW,
                Truth.lastDecidable(events(), VisitorJob.PARTITIONS))).extracting(Truth.Alert::type)
                .containsExactly("threshold-crossed", "back-below");
        final VisitorJob job = job("visitors-" + store(), "crash", visits, CountMode.VISITORS);
        final ApplicationId app = yarn.submit(config(job, 2, Map.of()));
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

    // ------------------------------------------------------------------------------------------

    static List<VisitGenerator.Event> events() {
        final List<VisitGenerator.Event> all = new ArrayList<>();
        EVENTS.forEach(all::add);
        return all;
    }

    /** A new visits topic of the store's own, with {@link VisitorJob#PARTITIONS} partitions. */
    String topic(final String label) {
        final String visits = "visits-" + store() + "-" + label;
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        return visits;
    }

    /** A job on {@code visits}, closed after the test. */
    VisitorJob job(final String name, final String id, final String visits, final CountMode mode) {
        final VisitorJob job = VisitorJob.create(kafka, name, id, visits, mode);
        jobs.add(job);
        return job;
    }

    /**
     * The final count on the counts topic and in the store, and exactly the expected alerts
     * ({@code repeatsAllowed}: an alert may be on the topic again, identical; see {@link Alerts}).
     */
    void assertExact(final VisitorJob job, final long end, final long expected, final boolean repeatsAllowed)
            throws Exception {
        job.awaitFinalCount(end, expected);
        awaitStoredCount(job, end, expected);
        Alerts.assertExpected(job, events(), repeatsAllowed);
    }
}
