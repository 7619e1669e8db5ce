package dev.riffle.state.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.runner.store.KilledJobRun;
import dev.riffle.testing.CassandraFixture;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A counting job on Cassandra, in a child JVM killed with SIGKILL at random points, keeps exact counts
 * with {@code task.checkpoint.store}: each commit is one single-partition conditional batch holding the
 * task's state and its offsets.
 */
@ExtendWith(FixturesExtension.class)
class CassandraCrashIT {

    @Test
    void shouldCountExactlyOnceAcrossKilledContainersWithACheckpointStore(KafkaFixture kafka, CassandraFixture cassandra)
            throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, settings(cassandra), true, 30_000, 500)) {

            final Map<String, Long> counts = run.killRepeatedlyThenFinish(2);

            assertThat(counts).isEqualTo(run.truth());
        }
    }

    /** The store {@code counts} in keyspace {@code riffle_it} of the fixture's node. */
    static Map<String, String> settings(CassandraFixture cassandra) {
        return Map.of("factory", "cassandra",
                "cassandra.contact-points", cassandra.contactPoint(),
                "cassandra.local-datacenter", cassandra.localDatacenter(),
                "cassandra.keyspace", "riffle_it");
    }
}
