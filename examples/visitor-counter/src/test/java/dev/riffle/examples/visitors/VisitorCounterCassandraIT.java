package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.riffle.testing.CassandraFixture;

/**
 * The visitor counter on YARN with its state in a real Cassandra node
 * ({@code config/visitor-counter-cassandra.properties}): the scenarios of {@link VisitorCounterOnYarnContract}.
 */
class VisitorCounterCassandraIT extends VisitorCounterOnYarnContract {

    private static final String KEYSPACE = "visitors_it";

    private static CassandraFixture cassandra;
    private static CqlSession session;

    @BeforeAll
    static void start(final CassandraFixture cassandraFixture) {
        cassandra = cassandraFixture;
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
    static void stop() {
        session.close();
    }

    @Override
    String store() {
        return "cassandra";
    }

    @Override
    Path config(final VisitorJob job, final int containers, final Map<String, String> extra) throws Exception {
        final Map<String, String> overrides = new HashMap<>(job.config(containers));
        overrides.put("stores.visitors.cassandra.contact-points", cassandra.contactPoint());
        overrides.put("stores.visitors.cassandra.local-datacenter", cassandra.localDatacenter());
        overrides.put("stores.visitors.cassandra.keyspace", KEYSPACE);
        // The Cassandra driver needs more heap than the Redis client.
        overrides.put("task.opts", "-Xmx200m");
        overrides.put("yarn.container.memory.mb", "320");
        overrides.putAll(extra);
        return YarnJobs.writeConfig("visitor-counter-cassandra.properties", job.instance() + ".properties", overrides);
    }

    /** Key {@code count} of task 0 in the table of docs/state.md. */
    @Override
    void awaitStoredCount(final VisitorJob job, final long end, final long expected) {
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
    }
}
