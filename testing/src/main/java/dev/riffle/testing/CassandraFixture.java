package dev.riffle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.riffle.grid.service.CassandraServer;
import dev.riffle.grid.service.ForkedLogging;
import dev.riffle.grid.service.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Cassandra 5.0 node in its own JVM, run from {@code grid/cassandra/target/lib} with a
 * generated minimal {@code cassandra.yaml} on free native and storage ports; data and log under
 * {@code target/fixtures/cassandra-<n>/}. Ready once it logs that it listens for CQL clients and a
 * CQL session connects. One shared instance per test JVM: {@link #shared()} or a
 * {@code CassandraFixture} parameter with {@link FixturesExtension}.
 */
public final class CassandraFixture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraFixture.class);

    private static final String DATACENTER = CassandraServer.DATACENTER;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path dir;
    private final int nativePort;
    private final ServiceProcess node;
    private final CqlSession session;

    private CassandraFixture(final Path dir, final int nativePort, final ServiceProcess node, final CqlSession session) {
        this.dir = dir;
        this.nativePort = nativePort;
        this.node = node;
        this.session = session;
    }

    /** The node shared by every test in this JVM, started on first use. */
    public static CassandraFixture shared() {
        return SharedFixtures.get(CassandraFixture.class, CassandraFixture::launch);
    }

    private static CassandraFixture launch() {
        final long began = System.nanoTime();
        final Path lib = FixturePaths.gridLib("cassandra");
        final Path dir = FixturePaths.claimDir("cassandra");
        final int nativePort = FreePorts.next();
        final int storagePort = FreePorts.next();
        final Path yaml = dir.resolve("cassandra.yaml");
        final Path logback = dir.resolve("logback.xml");
        try {
            Files.writeString(yaml, CassandraServer.yaml("riffle-fixture", dir.resolve("data"), nativePort, storagePort));
            Files.createDirectories(dir.resolve("triggers"));
            Files.writeString(logback, ForkedLogging.logbackConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Cassandra node's configuration into " + dir, e);
        }
        // C1 only: a test node serves little traffic, and full JIT would compete for 2 cores.
        final List<String> command = CassandraServer.command(FixturePaths.javaExecutable(), lib, dir,
                List.of("-Xms256m", "-Xmx512m", "-XX:TieredStopAtLevel=1"));
        final ServiceProcess node = ServiceProcess.start("the Cassandra node", command, dir, dir.resolve("cassandra.log"), Map.of());
        final CqlSession session;
        try {
            node.awaitReady("to log '" + CassandraServer.READY_LINE + "'", START_TIMEOUT,
                    () -> node.logContains(CassandraServer.READY_LINE));
            final CqlSession[] connected = new CqlSession[1];
            node.awaitReady("to accept a CQL connection on 127.0.0.1:" + nativePort, Duration.ofSeconds(30), () -> {
                connected[0] = connect(nativePort);
                return true;
            });
            session = connected[0];
        } catch (RuntimeException e) {
            node.stop(STOP_GRACE);
            throw e;
        }
        LOG.info("Started the Cassandra node (PID {}) with CQL at 127.0.0.1:{} in {} ms; its log is {}.", node.pid(),
                nativePort, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), node.logFile());
        return new CassandraFixture(dir, nativePort, node, session);
    }

    private static CqlSession connect(final int port) {
        return sessionBuilder(port).build();
    }

    private static CqlSessionBuilder sessionBuilder(final int port) {
        return CassandraServer.sessionBuilder(port);
    }

    /**
     * Driver timeouts for a node sharing 2 cores with the build: the defaults (2 s per request, 2 s for
     * schema agreement) fail a {@code CREATE KEYSPACE} on a loaded machine.
     */
    public static DriverConfigLoader testTimeouts() {
        return CassandraServer.patientTimeouts();
    }

    /** {@code 127.0.0.1:<native port>}, the CQL contact point. */
    public String contactPoint() {
        return "127.0.0.1:" + nativePort;
    }

    /** The CQL contact point as a socket address, for {@code CqlSession.builder().addContactPoint}. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", nativePort);
    }

    public int nativePort() {
        return nativePort;
    }

    /** Always {@code datacenter1} (SimpleSnitch). */
    public String localDatacenter() {
        return DATACENTER;
    }

    /** A shared session on this node (no keyspace); do not close it (the fixture does). */
    public CqlSession session() {
        return session;
    }

    /**
     * A session builder for this node with its contact point, data center and test timeouts set; add a
     * keyspace or other options and {@code build()} it (the caller closes the session).
     */
    public CqlSessionBuilder sessionBuilder() {
        return sessionBuilder(nativePort);
    }

    /** A new session on this node; the caller closes it. */
    public CqlSession newSession() {
        return connect(nativePort);
    }

    /** The node's log (Logback at INFO). */
    public Path logFile() {
        return node.logFile();
    }

    public long pid() {
        return node.pid();
    }

    /** Stops the node (SIGTERM, SIGKILL after 15 s). The data directory stays for inspection. */
    @Override
    public void close() {
        session.close();
        node.stop(STOP_GRACE);
        LOG.info("Stopped the Cassandra node at {}; its files stay in {}.", contactPoint(), dir);
    }
}
