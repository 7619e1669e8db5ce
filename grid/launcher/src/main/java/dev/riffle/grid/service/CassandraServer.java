package dev.riffle.grid.service;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * A Cassandra 5.0 node as the grid and the fixtures run it, in its own JVM: its {@code cassandra.yaml},
 * its command line, and a CQL session through the real driver to tell it is ready.
 */
public final class CassandraServer {

    /** Always {@code datacenter1} (SimpleSnitch). */
    public static final String DATACENTER = "datacenter1";

    /** What the node logs once clients may connect; a driver session before that only costs CPU. */
    public static final String READY_LINE = "Starting listening for CQL clients";

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
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.math=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED");

    private CassandraServer() {
    }

    /** The one {@code cassandra.yaml}: a small node on loopback, its directories under {@code dataDir}. */
    public static String yaml(final String clusterName, final Path dataDir, final int nativePort, final int storagePort) {
        return """
                cluster_name: '%4$s'
                num_tokens: 16
                allocate_tokens_for_local_replication_factor: 1
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "127.0.0.1:%2$d"
                listen_address: 127.0.0.1
                rpc_address: 127.0.0.1
                storage_port: %2$d
                native_transport_port: %1$d
                start_native_transport: true
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                # Small segments: less disk preallocated; mutations up to 4 MiB still fit.
                commitlog_segment_size: 8MiB
                data_file_directories:
                  - %3$s/data
                commitlog_directory: %3$s/commitlog
                saved_caches_directory: %3$s/saved_caches
                hints_directory: %3$s/hints
                cdc_raw_directory: %3$s/cdc_raw
                # Sized for a 2-core development machine next to Kafka and YARN.
                concurrent_compactors: 1
                memtable_heap_space: 64MiB
                memtable_offheap_space: 64MiB
                key_cache_size: 8MiB
                counter_cache_size: 4MiB
                file_cache_size: 32MiB
                networking_cache_size: 8MiB
                # Tables are dropped and recreated often in development; snapshots would only cost time and disk.
                auto_snapshot: false
                """.formatted(nativePort, storagePort, dataDir, clusterName);
    }

    /**
     * The node's command line: {@code dir} holds {@code cassandra.yaml}, {@code logback.xml} and
     * {@code data/}; {@code tuning} is the caller's JVM tuning (heap, JIT).
     */
    public static List<String> command(final String java, final Path lib, final Path dir, final List<String> tuning) {
        final List<String> command = new ArrayList<>(List.of(java, "-XX:MaxDirectMemorySize=256m", "-XX:+UseG1GC"));
        command.addAll(tuning);
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                "-Dcassandra.storagedir=" + dir.resolve("data"),
                "-Dcassandra.logdir=" + dir,
                "-Dcassandra.triggers_dir=" + dir.resolve("triggers"),
                "-Dcassandra-foreground=yes",
                // A single fresh node has nobody to gossip with: skip the 30 s of waiting for peers.
                "-Dcassandra.ring_delay_ms=1000",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                // Estimating memtable row overhead with 100 000 sample rows costs seconds at every start.
                "-Dcassandra.memtable_row_overhead_computation_step=100",
                "-Djdk.attach.allowAttachSelf=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml").toUri()));
        command.addAll(JAVA17_FLAGS);
        command.addAll(List.of("-cp", lib.resolve("*").toString(), "org.apache.cassandra.service.CassandraDaemon"));
        return command;
    }

    /** A session builder for the node at {@code 127.0.0.1:port}, with its data center and patient timeouts. */
    public static CqlSessionBuilder sessionBuilder(final int port) {
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter(DATACENTER)
                .withConfigLoader(patientTimeouts());
    }

    /**
     * Driver timeouts for a node sharing 2 cores with a build: the defaults (2 s per request, 2 s for
     * schema agreement) fail a {@code CREATE KEYSPACE} on a loaded machine.
     */
    public static DriverConfigLoader patientTimeouts() {
        return DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .build();
    }

    /** "Cassandra 5.0.9, CQL v5": what the node says about itself through {@code session}. */
    public static String describe(final CqlSession session) {
        final Row row = session.execute("SELECT release_version FROM system.local").one();
        final String release = row == null ? "?" : row.getString("release_version");
        return "Cassandra " + release + ", CQL " + session.getContext().getProtocolVersion();
    }
}
