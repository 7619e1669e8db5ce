package dev.riffle.grid.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * The Kafka broker (KRaft, one node acting as broker and controller) as the grid and the fixtures run
 * it: its {@code server.properties}, its command lines and the question that tells it is ready.
 */
public final class KafkaServer {

    /** The broker's main class. */
    public static final String MAIN = "kafka.Kafka";

    /** What the broker logs once it has started; asking before that only costs CPU. */
    public static final String READY_LINE = "Kafka Server started";

    private KafkaServer() {
    }

    /**
     * The one {@code server.properties} with some settings replaced or added (a test's broker without
     * auto-created topics, say).
     */
    public static String serverProperties(final Path dataDir, final int port, final int controllerPort,
                                          final Map<String, String> overrides) {
        final List<String> lines = new ArrayList<>(List.of(serverProperties(dataDir, port, controllerPort).split("\n")));
        overrides.forEach((key, value) -> {
            lines.removeIf(line -> line.startsWith(key + "="));
            lines.add(key + "=" + value);
        });
        return String.join("\n", lines) + "\n";
    }

    /** The one {@code server.properties}: loopback listeners on the given ports, one replica of everything. */
    public static String serverProperties(final Path dataDir, final int port, final int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                // Fewer coordinator partitions: the first consumer group starts faster on 2 cores.
                "offsets.topic.num.partitions=4",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumers join at once instead of waiting for more members.
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") + "\n";
    }

    /**
     * The JVM part of both command lines: {@code java}, the heap and the caller's tuning, the logging
     * configuration, the classpath {@code lib/*}.
     */
    public static List<String> java(final String java, final Path lib, final Path log4jConfig, final List<String> tuning) {
        final List<String> command = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC"));
        command.addAll(tuning);
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig.toUri(), "-cp", lib.resolve("*").toString()));
        return command;
    }

    /** Formats the data directory once (writes meta.properties); a formatted directory is left as it is. */
    public static List<String> formatCommand(final List<String> java, final String clusterId, final Path properties) {
        final List<String> command = new ArrayList<>(java);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString(),
                "--ignore-formatted"));
        return command;
    }

    public static List<String> startCommand(final List<String> java, final Path properties) {
        final List<String> command = new ArrayList<>(java);
        command.addAll(List.of(MAIN, properties.toString()));
        return command;
    }

    /** An Admin client on {@code 127.0.0.1:port}. */
    public static Admin admin(final int port, final Duration apiTimeout) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis()));
    }

    /**
     * Asks the broker an Admin {@code describeCluster}; returns "cluster ID with N broker(s)", or throws
     * when it does not answer within {@code timeout}.
     */
    public static String describeCluster(final Admin admin, final Duration timeout) throws Exception {
        final DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        final Collection<Node> nodes = cluster.nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the broker reports no nodes yet");
        }
        return "cluster " + cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS) + " with "
                + nodes.size() + " broker(s)";
    }
}
