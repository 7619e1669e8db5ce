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
import java.util.stream.Collectors;

import dev.riffle.grid.service.RedisCommand;
import dev.riffle.grid.service.RedisProtocol;
import dev.riffle.grid.service.ServiceProcess;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster of three masters (no replicas) on free ports of 127.0.0.1, created with
 * {@code redis-cli --cluster create}; files under {@code target/fixtures/redis-cluster-<n>/}. The
 * cluster bus of each node uses {@code port + 10000}, which is checked to be free too. One shared
 * instance per test JVM: {@link #shared()} or a parameter with {@link FixturesExtension}.
 */
public final class RedisClusterFixture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterFixture.class);

    private static final int MASTERS = 3;
    private static final int BUS_OFFSET = 10000;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> servers;

    private RedisClusterFixture(final List<RedisServer> servers) {
        this.servers = List.copyOf(servers);
    }

    /** The cluster shared by every test in this JVM, created on first use. */
    public static RedisClusterFixture shared() {
        return SharedFixtures.get(RedisClusterFixture.class, RedisClusterFixture::launch);
    }

    private static RedisClusterFixture launch() {
        final long began = System.nanoTime();
        RedisServer.executable();
        final Path cli = RedisCommand.onPath("redis-cli").orElseThrow(() -> new IllegalStateException(
                "redis-cli is not installed, so the Redis Cluster fixture cannot create its cluster. Run "
                        + "scripts/test.sh (it installs redis-server, which brings redis-cli) or "
                        + "`apt-get install -y redis-server` as root."));
        final Path dir = FixturePaths.claimDir("redis-cluster");
        final List<RedisServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                final int port = FreePorts.nextWithOffset(BUS_OFFSET);
                final RedisServer server = new RedisServer(dir, port, List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                        "--cluster-node-timeout", "5000"));
                servers.add(server);
                server.start();
            }
            final List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
            servers.forEach(s -> create.add("127.0.0.1:" + s.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            ServiceProcess.start("redis-cli --cluster create", create, dir, dir.resolve("cluster-create.log"), Map.of())
                    .awaitExit(FORM_TIMEOUT);
            final RedisServer first = servers.get(0);
            for (RedisServer server : servers) {
                awaitClusterOk(server, dir);
            }
            LOG.info("Started a Redis Cluster of {} masters at {} in {} ms; logs under {}.", MASTERS,
                    nodes(servers), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), first.logFile().getParent());
            return new RedisClusterFixture(servers);
        } catch (RuntimeException e) {
            servers.forEach(RedisServer::stop);
            throw e;
        }
    }

    private static void awaitClusterOk(final RedisServer server, final Path dir) {
        try {
            Awaitility.await("the Redis Cluster node on port " + server.port() + " to report cluster_state:ok")
                    .atMost(FORM_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> RedisProtocol.call(server.port(), "CLUSTER INFO").contains("cluster_state:ok"));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The Redis Cluster did not form within " + FORM_TIMEOUT.toSeconds()
                    + " s: the node on port " + server.port() + " never reported cluster_state:ok. See "
                    + dir.resolve("cluster-create.log") + " and " + server.logFile() + ".", e);
        }
    }

    private static String nodes(final List<RedisServer> servers) {
        return servers.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
    }

    /** The masters as {@code 127.0.0.1:<port>,127.0.0.1:<port>,127.0.0.1:<port>}. */
    public String nodes() {
        return nodes(servers);
    }

    /** The masters' addresses. */
    public List<InetSocketAddress> addresses() {
        return servers.stream().map(s -> new InetSocketAddress("127.0.0.1", s.port())).collect(Collectors.toList());
    }

    /** The log of the master listening on {@code port}. */
    public Path logFile(final int port) {
        return servers.stream().filter(s -> s.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No master of this Redis Cluster listens on " + port
                        + "; the masters are " + nodes() + "."))
                .logFile();
    }

    @Override
    public void close() {
        servers.forEach(RedisServer::stop);
        // Node files would make a restarted cluster remember dead peers.
        for (RedisServer server : servers) {
            try {
                Files.deleteIfExists(server.logFile().resolveSibling("nodes-" + server.port() + ".conf"));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the node file of the Redis Cluster node " + server.port(), e);
            }
        }
        LOG.info("Stopped the Redis Cluster at {}.", nodes());
    }
}
