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
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
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

    private static final String DATACENTER = "datacenter1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    /** The exports and opens Cassandra 5 needs on Java 17 (its jvm17-server.options, trimmed). */
    private static final List<String> JAVA17_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED");

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
            Files.writeString(yaml, CassandraYaml.minimal(dir, nativePort, storagePort));
            Files.createDirectories(dir.resolve("triggers"));
            Files.writeString(logback, ForkedLogging.logbackConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Cassandra node's configuration into " + dir, e);
        }
        final List<String> command = new ArrayList<>(List.of(FixturePaths.javaExecutable(),
                "-Xms256m", "-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:+UseG1GC",
                // C1 only: a test node serves little traffic, and full JIT would compete for 2 cores.
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra.storagedir=" + dir.resolve("data"),
                "-Dcassandra.logdir=" + dir,
                "-Dcassandra.triggers_dir=" + dir.resolve("triggers"),
                "-Dcassandra-foreground=yes",
                // A single fresh node has nobody to gossip with: skip the 30 s of waiting for peers.
                "-Dcassandra.ring_delay_ms=1000",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                // Estimating memtable row overhead with 100 000 sample rows costs seconds at every start.
                "-Dcassandra.memtable_row_overhead_computation_step=100",
                "-Dlogback.configurationFile=" + logback.toUri()));
        command.addAll(JAVA17_FLAGS);
        command.addAll(List.of("-cp", lib.resolve("*").toString(), "org.apache.cassandra.service.CassandraDaemon"));
        final ServiceProcess node = ServiceProcess.start("the Cassandra node", command, dir, dir.resolve("cassandra.log"), Map.of());
        final CqlSession session;
        try {
            node.awaitReady("to log 'Starting listening for CQL clients'", START_TIMEOUT,
                    () -> node.logContains("Starting listening for CQL clients"));
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
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter(DATACENTER)
                .withConfigLoader(testTimeouts());
    }

    /**
     * Driver timeouts for a node sharing 2 cores with the build: the defaults (2 s per request, 2 s for
     * schema agreement) fail a {@code CREATE KEYSPACE} on a loaded machine.
     */
    public static DriverConfigLoader testTimeouts() {
        return DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .build();
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
