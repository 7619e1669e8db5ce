package dev.riffle.state.cassandra;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    static final String CONTACT_POINTS = "cassandra.contact-points";
    static final String DATACENTER = "cassandra.local-datacenter";
    static final String KEYSPACE = "cassandra.keyspace";
    static final String REPLICATION = "cassandra.replication";
    static final String CONSISTENCY = "cassandra.consistency";
    static final String USERNAME = "cassandra.username";
    static final String PASSWORD = "cassandra.password";

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public StoreBackend open(StoreSpec spec) {
        final Config config = spec.config();
        final String keyspace = config.getString(KEYSPACE, "riffle").trim();
        if (!keyspace.matches("[A-Za-z][A-Za-z0-9_]{0,47}")) {
            throw new ConfigException(spec.key(KEYSPACE), "'" + keyspace + "' is not a valid keyspace name");
        }
        final String replication = config.getString(REPLICATION, "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        final DefaultConsistencyLevel consistency = consistency(spec, config.getString(CONSISTENCY, "LOCAL_QUORUM"));
        final String where = "Cassandra at " + config.getString(CONTACT_POINTS, "127.0.0.1:9042");
        final CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(contactPoints(spec, config.getString(CONTACT_POINTS, "127.0.0.1:9042")))
                .withLocalDatacenter(config.getString(DATACENTER, "datacenter1"))
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                        // Creating the keyspace and table on a loaded machine can take longer than the 2 s default.
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                        .build());
        final String user = config.getString(USERNAME, "");
        if (!user.isBlank()) {
            builder.withAuthCredentials(user, config.getString(PASSWORD, ""));
        }
        final CqlSession session;
        try {
            session = builder.build();
        } catch (DriverException e) {
            throw CassandraBackend.failure(spec.storeName(), "connect", where, e);
        }
        try {
            return new CassandraBackend(session, spec.storeName(), keyspace, replication, consistency, where);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static DefaultConsistencyLevel consistency(StoreSpec spec, String raw) {
        try {
            return DefaultConsistencyLevel.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(spec.key(CONSISTENCY), "'" + raw + "' is not a consistency level such as"
                    + " LOCAL_QUORUM, QUORUM or ONE");
        }
    }

    private static List<InetSocketAddress> contactPoints(StoreSpec spec, String raw) {
        final List<InetSocketAddress> points = new ArrayList<>();
        for (String part : raw.split(",")) {
            final String point = part.trim();
            final int colon = point.lastIndexOf(':');
            try {
                final String host = colon > 0 ? point.substring(0, colon) : point;
                final int port = colon > 0 ? Integer.parseInt(point.substring(colon + 1)) : 9042;
                if (host.isEmpty()) {
                    throw new NumberFormatException("no host");
                }
                points.add(new InetSocketAddress(host, port));
            } catch (NumberFormatException e) {
                throw new ConfigException(spec.key(CONTACT_POINTS), "'" + point + "' is not host[:port]");
            }
        }
        return points;
    }
}
