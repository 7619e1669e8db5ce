package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FixturesExtension.class)
class CassandraFixtureIT {

    @Test
    void shouldReturnARowWrittenThroughCql(final CassandraFixture cassandra) {
        final String[] hostPort = cassandra.contactPoint().split(":");
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(cassandra.localDatacenter())
                .withConfigLoader(CassandraFixture.testTimeouts())
                .build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS smoke WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS smoke.visits (visitor text PRIMARY KEY, count bigint)");

            session.execute("INSERT INTO smoke.visits (visitor, count) VALUES (?, ?)", "alice", 42L);
            final Row row = session.execute("SELECT count FROM smoke.visits WHERE visitor = ?", "alice").one();

            assertThat(row).isNotNull();
            assertThat(row.getLong("count")).isEqualTo(42L);
        }
    }
}
