package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.testing.CassandraFixture;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.YarnFixture;

/**
 * The visitor counter's real job package on a MiniYARNCluster with its state in a real Cassandra node
 * ({@code config/visitor-counter-cassandra.properties}): exact final counts and alerts for distinct
 * visitors and for events, with one container and with two over four partitions, and with both
 * containers SIGKILLed during the run.
 */
@ExtendWith(FixturesExtension.class)
class VisitorCounterCassandraIT {

    private static final String KEYSPACE = "visitors_it";

    private static KafkaFixture kafka;
    private static CassandraFixture cassandra;
    private static YarnJobs yarn;
    private static CqlSession session;
    private final List<VisitorJob> jobs = new ArrayList<>();

    @BeforeAll
    static void start(final KafkaFixture kafkaFixture, final CassandraFixture cassandraFixture, final YarnFixture yarnFixture) {
        kafka = kafkaFixture;
        cassandra = cassandraFixture;
        yarn = new YarnJobs(yarnFixture);
        session = cassandra.sessionBuilder().build();
        // Schema changes are the slow part on a loaded node: made once here, with the test timeouts,
        // rather than by each job's first container (the table is the one docs/state.md describes).
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".riffle_state (job text, job_id text, store text, "
                + "task text, key blob, value blob, generation bigint STATIC, checkpoint blob STATIC, "
                + "PRIMARY KEY ((job, job_id, store, task), key))");
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
        yarn.close();
    }

    @AfterEach
    void killJobs() throws Exception {
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

    private void countBothModesExactly(final String label, final int containers) throws Exception {
        final VisitGenerator generator = VisitorCounterRedisIT.EVENTS;
        final String visits = "visits-cassandra-" + label;
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob distinct = job("visitors-cassandra", label, visits, CountMode.VISITORS);
        final VisitorJob events = job("events-cassandra", label, visits, CountMode.EVENTS);
        final long started = System.currentTimeMillis();
        yarn.submit(config(distinct, containers));
        yarn.submit(config(events, containers));
        VisitorJob.produceLive(kafka, visits, VisitorCounterRedisIT.events(), VisitorCounterRedisIT.CHUNK, distinct, events);

        final long end = Truth.end(generator);
        assertExact(distinct, generator, end, Truth.visitors(generator, end), false);
        assertExact(events, generator, end, Truth.events(generator, end), false);
        System.out.printf("NUMBERS visitor counter on YARN+Cassandra, %d container(s), both modes: submit -> exact final counts %d ms%n",
                containers, System.currentTimeMillis() - started);
    }

    @Test
    void shouldStayExactAndDecideEachAlertOnceWhenContainersAreSigkilled() throws Exception {
        final String visits = "visits-cassandra-crash";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob job = job("visitors-cassandra", "crash", visits, CountMode.VISITORS);
        final ApplicationId app = yarn.submit(config(job, 2));
        final List<VisitGenerator.Event> all = VisitorCounterRedisIT.events();
        // The first half holds the burst: the threshold-crossed alert is sent before the kill.
        VisitorJob.produceLive(kafka, visits, all.subList(0, 2_000), VisitorCounterRedisIT.CHUNK, job);
        await(job.instance() + ": the threshold-crossed alert").atMost(YarnJobs.TIMEOUT)
                .until(() -> !job.alerts.records().isEmpty());
        final String zero = yarn.yarnContainerOf(app, "0");
        final String one = yarn.yarnContainerOf(app, "1");

        yarn.sigkill(zero);
        yarn.sigkill(one);
        VisitorJob.produceLive(kafka, visits, all.subList(2_000, all.size()), VisitorCounterRedisIT.CHUNK, job);

        final VisitGenerator generator = VisitorCounterRedisIT.EVENTS;
        final long end = Truth.end(generator);
        // A kill between an alert's flush and its checkpoint sends it again, identical: at-least-once delivery.
        assertExact(job, generator, end, Truth.visitors(generator, end), true);
        assertThat(yarn.restartsOf(app, "0")).as("restarts of logical container 0").isGreaterThanOrEqualTo(1);
        assertThat(yarn.restartsOf(app, "1")).as("restarts of logical container 1").isGreaterThanOrEqualTo(1);
    }

    private VisitorJob job(final String name, final String id, final String visits, final CountMode mode) {
        final VisitorJob job = VisitorJob.create(kafka, name, id, visits, mode);
        jobs.add(job);
        return job;
    }

    private static Path config(final VisitorJob job, final int containers) throws Exception {
        final Map<String, String> overrides = new HashMap<>(job.config(containers));
        overrides.put("stores.visitors.cassandra.contact-points", cassandra.contactPoint());
        overrides.put("stores.visitors.cassandra.local-datacenter", cassandra.localDatacenter());
        overrides.put("stores.visitors.cassandra.keyspace", KEYSPACE);
        // The Cassandra driver needs more heap than the Redis client.
        overrides.put("task.opts", "-Xmx200m");
        overrides.put("yarn.container.memory.mb", "320");
        return YarnJobs.writeConfig("visitor-counter-cassandra.properties", job.instance() + ".properties", overrides);
    }

    /**
     * The final count on the counts topic and in Cassandra's table, and exactly the expected alerts
     * ({@code repeatsAllowed}: an alert may be on the topic again, identical; see {@link Alerts}).
     */
    private static void assertExact(final VisitorJob job, final VisitGenerator generator, final long end, final long expected,
                                    final boolean repeatsAllowed) throws Exception {
        job.awaitFinalCount(end, expected);
        await(job.instance() + ": key 'count' of task Partition 0 in " + KEYSPACE + ".riffle_state")
                .atMost(YarnJobs.TIMEOUT).untilAsserted(() -> {
                    final Row row = session.execute("SELECT value FROM " + KEYSPACE + ".riffle_state WHERE job = ? "
                            + "AND job_id = ? AND store = 'visitors' AND task = 'Partition 0' AND key = ?",
                            job.name, job.id, ByteBuffer.wrap("count".getBytes(StandardCharsets.UTF_8))).one();
                    assertThat(row).as("the row of key 'count'").isNotNull();
                    final JsonNode node = VisitorJob.JSON.readTree(StandardCharsets.UTF_8.decode(row.getByteBuffer("value")).toString());
                    assertThat(node.get("count").asLong()).isEqualTo(expected);
                    assertThat(node.get("at").asLong()).isEqualTo(end);
                });
        Alerts.assertExpected(job, VisitorCounterRedisIT.events(), repeatsAllowed);
    }
}
