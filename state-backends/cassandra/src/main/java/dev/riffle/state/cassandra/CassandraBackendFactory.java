package dev.riffle.state.cassandra;

import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.config.Validators;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/**
 * The {@code cassandra} store backend. Settings under {@code stores.<name>.cassandra.}: {@code contact-points}
 * ({@code host:port,...}), {@code local-datacenter}, {@code keyspace} (created with {@code replication} when
 * missing), {@code consistency}, {@code username} and {@code password}.
 */
public final class CassandraBackendFactory implements StoreBackendFactory {

    /** {@code stores.<name>.cassandra.contact-points}. */
    public static final ConfigKey<List<String>> CONTACT_POINTS = ConfigKey.list("stores.<name>.cassandra.contact-points")
            .defaultValue("127.0.0.1:9042")
            .check(Validators.notEmpty("host:port")).check(Validators.hostPorts())
            .build("Cassandra contact points, host:port,...");
    /** {@code stores.<name>.cassandra.local-datacenter}. */
    public static final ConfigKey<String> DATACENTER = ConfigKey.string("stores.<name>.cassandra.local-datacenter")
            .defaultValue("datacenter1")
            .build("Local datacenter of the Cassandra driver.");
    /** {@code stores.<name>.cassandra.keyspace}. */
    public static final ConfigKey<String> KEYSPACE = ConfigKey.string("stores.<name>.cassandra.keyspace")
            .defaultValue("riffle")
            .check(v -> v.matches("[A-Za-z][A-Za-z0-9_]{0,47}") ? null : "is not a valid keyspace name")
            .build("Keyspace of the store's table; created if missing.");
    /** {@code stores.<name>.cassandra.replication}. */
    public static final ConfigKey<String> REPLICATION = ConfigKey.string("stores.<name>.cassandra.replication")
            .defaultValue("{'class': 'SimpleStrategy', 'replication_factor': 1}")
            .build("Replication of the keyspace when Riffle creates it (CQL map literal).");
    /** {@code stores.<name>.cassandra.consistency}. */
    public static final ConfigKey<String> CONSISTENCY = ConfigKey.oneOf(
                    "stores.<name>.cassandra.consistency",
                    "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_ONE", "LOCAL_QUORUM", "EACH_QUORUM")
            .defaultValue("LOCAL_QUORUM")
            .build("Consistency level of reads and writes.");
    /** {@code stores.<name>.cassandra.username}. */
    public static final ConfigKey<String> USERNAME = ConfigKey.string("stores.<name>.cassandra.username")
            .build("Cassandra user name, with cassandra.password.");
    /** {@code stores.<name>.cassandra.password}. */
    public static final ConfigKey<String> PASSWORD = ConfigKey.string("stores.<name>.cassandra.password")
            .build("Cassandra password; use ${env:VAR} rather than writing it in the file.");

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(CONTACT_POINTS, DATACENTER, KEYSPACE, REPLICATION, CONSISTENCY, USERNAME, PASSWORD);
    }

    @Override
    public StoreBackend open(StoreSpec spec) {
        final String keyspace = spec.get(KEYSPACE).trim();
        final List<String> contactPoints = spec.get(CONTACT_POINTS);
        final String where = "Cassandra at " + String.join(",", contactPoints);
        final CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(addresses(contactPoints))
                .withLocalDatacenter(spec.get(DATACENTER))
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                        // Creating the keyspace and table on a loaded machine can take longer than the 2 s default.
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                        .build());
        final String user = spec.get(USERNAME);
        if (user != null) {
            final String password = spec.get(PASSWORD);
            builder.withAuthCredentials(user, password == null ? "" : password);
        }
        final CqlSession session;
        try {
            session = builder.build();
        } catch (DriverException e) {
            throw CassandraBackend.failure(spec.storeName(), "connect", where, e);
        }
        try {
            return new CassandraBackend(session, spec.storeName(), keyspace, spec.get(REPLICATION),
                    DefaultConsistencyLevel.valueOf(spec.get(CONSISTENCY)), where);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Contact points already checked by {@link Validators#hostPorts()}. */
    private static List<InetSocketAddress> addresses(List<String> points) {
        final List<InetSocketAddress> result = new ArrayList<>();
        for (String point : points) {
            final int colon = point.lastIndexOf(':');
            result.add(new InetSocketAddress(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1))));
        }
        return result;
    }
}
