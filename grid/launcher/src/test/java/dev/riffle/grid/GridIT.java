package dev.riffle.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.riffle.grid.service.PidRecord;
import dev.riffle.grid.service.RedisProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code scripts/grid} as a user runs it, on free ports and a grid home under {@code target/}: start
 * Kafka, YARN and Redis, find them again with {@code status} after the command exited, stop them and
 * check that every process is gone; Redis keeps its data across a restart (AOF); a taken port and bad
 * usage are refused before anything starts; a service that exits while starting is reported with the end
 * of its log, and what the start launched is stopped again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GridIT {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path HOME = Path.of("target", "grid-it").toAbsolutePath();
    private static final List<String> PORT_VARIABLES = List.of("RIFFLE_KAFKA_PORT", "RIFFLE_KAFKA_CONTROLLER_PORT",
            "RIFFLE_YARN_RM_PORT", "RIFFLE_YARN_SCHEDULER_PORT", "RIFFLE_YARN_TRACKER_PORT", "RIFFLE_YARN_ADMIN_PORT",
            "RIFFLE_YARN_WEB_PORT", "RIFFLE_YARN_NM_PORT", "RIFFLE_YARN_NM_LOCALIZER_PORT", "RIFFLE_YARN_NM_WEB_PORT",
            "RIFFLE_REDIS_PORT", "RIFFLE_CASSANDRA_PORT", "RIFFLE_CASSANDRA_STORAGE_PORT");
    private static final Map<String, String> ENV = new HashMap<>();

    @BeforeAll
    static void choosePorts() throws IOException {
        final List<ServerSocket> held = new ArrayList<>();
        try {
            for (String variable : PORT_VARIABLES) {
                final ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                held.add(socket);
                ENV.put(variable, Integer.toString(socket.getLocalPort()));
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        ENV.put("RIFFLE_GRID_HOME", HOME.toString());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        grid("stop", "all");
    }

    @Test
    @Order(1)
    void shouldStartServicesThatOutliveTheCommandAndAnswer() throws Exception {
        final Result start = grid("start", "kafka", "yarn", "redis");

        assertThat(start.exit).as(start.output).isZero();
        assertThat(start.output).contains(
                "kafka      answers on 127.0.0.1:" + port("RIFFLE_KAFKA_PORT"),
                "yarn-rm    answers on 127.0.0.1:" + port("RIFFLE_YARN_RM_PORT"),
                "yarn-nm    answers on 127.0.0.1:" + port("RIFFLE_YARN_NM_PORT"),
                "redis      answers on 127.0.0.1:" + port("RIFFLE_REDIS_PORT"),
                "Stop with: scripts/grid stop kafka yarn redis");
        for (String component : List.of("kafka", "yarn-rm", "yarn-nm", "redis")) {
            final ProcessHandle process = live(component).orElseThrow();
            assertThat(sessionId(process.pid())).as("%s leads its own session", component).isEqualTo(process.pid());
        }
        assertThat(HOME.resolve("hadoop-conf/yarn-site.xml")).content()
                .contains("127.0.0.1:" + port("RIFFLE_YARN_RM_PORT"));
        assertThat(RedisProtocol.call(port("RIFFLE_REDIS_PORT"), "INFO persistence")).contains("aof_enabled:1");

        final Result status = grid("status", "kafka", "yarn", "redis");
        assertThat(status.exit).as(status.output).isZero();
        assertThat(status.output).containsPattern("kafka +127\\.0\\.0\\.1:\\d+ +\\d+ +answers \\(cluster .* with 1 broker\\(s\\)\\)")
                .containsPattern("yarn-rm +127\\.0\\.0\\.1:\\d+ +\\d+ +answers \\(REST /ws/v1/cluster/info: ACTIVE")
                .containsPattern("yarn-nm +127\\.0\\.0\\.1:\\d+ +\\d+ +answers \\(RUNNING")
                .containsPattern("redis +127\\.0\\.0\\.1:\\d+ +\\d+ +answers \\(PING -> PONG");

        final int redis = port("RIFFLE_REDIS_PORT");
        assertThat(RedisProtocol.call(redis, "SET grid-it-key kept")).isEqualTo("+OK");
        assertThat(grid("stop", "redis").exit).isZero();
        assertThat(grid("start", "redis").exit).isZero();
        assertThat(RedisProtocol.call(redis, "GET grid-it-key")).as("the append-only file kept the key").isEqualTo("kept");

        final Result again = grid("start", "kafka");
        assertThat(again.exit).as(again.output).isZero();
        assertThat(again.output).contains("kafka is already running", "Nothing to start");
    }

    @Test
    @Order(2)
    void shouldStopEveryProcessItStarted() throws Exception {
        final List<ProcessHandle> running = new ArrayList<>();
        for (String component : List.of("kafka", "yarn-rm", "yarn-nm", "redis")) {
            live(component).ifPresent(running::add);
        }
        assertThat(running).hasSize(4);

        final Result stop = grid("stop");

        assertThat(stop.exit).as(stop.output).isZero();
        assertThat(stop.output).contains("Stopped kafka (PID", "Stopped yarn-rm (PID", "Stopped yarn-nm (PID",
                "Stopped redis (PID", "cassandra is not running.");
        assertThat(running).noneMatch(ProcessHandle::isAlive);
        for (String variable : List.of("RIFFLE_KAFKA_PORT", "RIFFLE_YARN_RM_PORT", "RIFFLE_YARN_NM_PORT", "RIFFLE_REDIS_PORT")) {
            assertThat(PortCheck.inUse(port(variable))).as("%s is free again", variable).isFalse();
        }
        final Result status = grid("status", "kafka", "redis");
        assertThat(status.exit).isEqualTo(1);
        assertThat(status.output).containsPattern("kafka +127\\.0\\.0\\.1:\\d+ +- +stopped");
    }

    @Test
    @Order(3)
    void shouldRefuseATakenPortAndNameItsProcessBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", port("RIFFLE_REDIS_PORT")));

            final Result start = grid("start", "kafka", "redis");

            assertThat(start.exit).as(start.output).isEqualTo(1);
            assertThat(start.output).contains("grid start: redis needs port " + port("RIFFLE_REDIS_PORT")
                            + " on 127.0.0.1, but it is already in use by PID " + ProcessHandle.current().pid(),
                    "RIFFLE_REDIS_PORT=<port>", "grid start: nothing was started.");
            assertThat(live("kafka")).isEmpty();
        }
    }

    @Test
    @Order(4)
    void shouldExitTwoOnBadUsage() throws Exception {
        assertThat(grid("start", "zookeeper").exit).isEqualTo(2);
        assertThat(grid("restart").exit).isEqualTo(2);
        final Result badPort = grid(Map.of("RIFFLE_KAFKA_PORT", "99999"), "status");
        assertThat(badPort.exit).isEqualTo(2);
        assertThat(badPort.output).contains("RIFFLE_KAFKA_PORT='99999' is not a TCP port");
        final Result help = grid("--help");
        assertThat(help.exit).isZero();
        assertThat(help.output).contains("Usage: scripts/grid start|stop|status", "RIFFLE_GRID_HOME");
    }

    @Test
    @Order(5)
    void shouldShowTheLogOfAServiceThatExitsDuringStartAndStopWhatItStarted() throws Exception {
        // Stale data from "another node": the broker refuses it and exits, as after a half-done reset.
        final Path data = HOME.resolve("kafka/data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("meta.properties"), "version=1\nnode.id=7\ncluster.id=AAAAAAAAAAAAAAAAAAAAAA\n");

        final Result start = grid("start", "kafka", "redis");

        assertThat(start.exit).as(start.output).isEqualTo(1);
        assertThat(start.output).contains("grid start: kafka exited during start",
                "Its log: " + HOME.resolve("logs/kafka.log"), "--- last lines of " + HOME.resolve("logs/kafka.log"),
                "Stored node id 7", "grid start: stopping what this run started:", "Stopped redis (PID");
        assertThat(live("kafka")).isEmpty();
        assertThat(live("redis")).isEmpty();
        Files.delete(data.resolve("meta.properties"));
    }

    private static int port(final String variable) {
        return Integer.parseInt(ENV.get(variable));
    }

    private static Optional<ProcessHandle> live(final String component) {
        return PidRecord.read(HOME.resolve("run").resolve(component + ".pid")).flatMap(PidRecord::live);
    }

    /** Field 6 of /proc/PID/stat (after the command name in parentheses). */
    private static long sessionId(final long pid) throws IOException {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    private record Result(int exit, String output) {
    }

    private static Result grid(final String... args) throws IOException, InterruptedException {
        return grid(Map.of(), args);
    }

    private static Result grid(final Map<String, String> extraEnv, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(REPO.resolve("scripts/grid").toString()));
        command.addAll(List.of(args));
        // Output goes to a file: the services the grid starts must not hold a pipe of ours open.
        final Path log = Files.createTempFile(Path.of("target"), "grid-", ".log");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(ENV);
        builder.environment().putAll(extraEnv);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", command) + "\n" + output);
        return new Result(process.exitValue(), output);
    }
}
