package dev.riffle.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The grid a run uses, driven through {@code scripts/grid} (its own grid home and ports, or a running grid
 * named by the environment), and its processes found by the grid's PID files.
 */
final class Grid {

    /** scripts/grid's port variables and their defaults ({@code scripts/grid --help}). */
    static final Map<String, Integer> PORT_DEFAULTS = defaults();

    private final Path home;
    private final Map<String, String> env;
    private final boolean own;

    private Grid(final Path home, final Map<String, String> env, final boolean own) {
        this.home = home;
        this.env = Map.copyOf(env);
        this.own = own;
    }

    private static Map<String, Integer> defaults() {
        final Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("RIFFLE_KAFKA_PORT", 9092);
        ports.put("RIFFLE_KAFKA_CONTROLLER_PORT", 9093);
        ports.put("RIFFLE_YARN_RM_PORT", 8032);
        ports.put("RIFFLE_YARN_SCHEDULER_PORT", 8030);
        ports.put("RIFFLE_YARN_TRACKER_PORT", 8031);
        ports.put("RIFFLE_YARN_ADMIN_PORT", 8033);
        ports.put("RIFFLE_YARN_WEB_PORT", 8088);
        ports.put("RIFFLE_YARN_NM_PORT", 8041);
        ports.put("RIFFLE_YARN_NM_LOCALIZER_PORT", 8040);
        ports.put("RIFFLE_YARN_NM_WEB_PORT", 8042);
        ports.put("RIFFLE_REDIS_PORT", 6379);
        ports.put("RIFFLE_CASSANDRA_PORT", 9042);
        ports.put("RIFFLE_CASSANDRA_STORAGE_PORT", 7000);
        return Map.copyOf(ports);
    }

    /** A grid of the harness's own under {@code home}, on free loopback ports (held together, so all differ). */
    static Grid own(final Path home) {
        final Map<String, String> env = new LinkedHashMap<>();
        env.put("RIFFLE_GRID_HOME", home.toString());
        final List<ServerSocket> held = new ArrayList<>();
        try {
            for (String variable : PORT_DEFAULTS.keySet()) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                env.put(variable, Integer.toString(socket.getLocalPort()));
            }
            for (ServerSocket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not reserve free loopback ports for the harness's grid", e);
        }
        return new Grid(home, env, true);
    }

    /** The running grid the environment names (RIFFLE_GRID_HOME and the port variables, else their defaults). */
    static Grid running(final Path repo, final Map<String, String> environment) {
        final Map<String, String> env = new LinkedHashMap<>();
        final Path home = Path.of(environment.getOrDefault("RIFFLE_GRID_HOME", repo.resolve(".grid").toString()))
                .toAbsolutePath();
        env.put("RIFFLE_GRID_HOME", home.toString());
        PORT_DEFAULTS.forEach((variable, port) -> env.put(variable, environment.getOrDefault(variable, port.toString())));
        return new Grid(home, env, false);
    }

    boolean own() {
        return own;
    }

    Path home() {
        return home;
    }

    /** The environment every command of the run gets: the grid's home and ports, its Hadoop configuration. */
    Map<String, String> env() {
        final Map<String, String> all = new LinkedHashMap<>(env);
        all.put("HADOOP_CONF_DIR", home.resolve("hadoop-conf").toString());
        return all;
    }

    int port(final String variable) {
        return Integer.parseInt(env.get(variable));
    }

    String kafka() {
        return "127.0.0.1:" + port("RIFFLE_KAFKA_PORT");
    }

    String redisUri() {
        return "redis://127.0.0.1:" + port("RIFFLE_REDIS_PORT");
    }

    String cassandra() {
        return "127.0.0.1:" + port("RIFFLE_CASSANDRA_PORT");
    }

    String resourceManagerWeb() {
        return "http://127.0.0.1:" + port("RIFFLE_YARN_WEB_PORT");
    }

    /** The NodeManager's container working directories are below this. */
    Path nodeManagerLocalDirs() {
        return home.resolve("yarn").resolve("nm-local");
    }

    Commands.Result start(final Commands commands, final String... services) {
        final List<String> command = new ArrayList<>(List.of("scripts/grid", "start"));
        command.addAll(List.of(services));
        return commands.run(Duration.ofMinutes(5), command);
    }

    Commands.Result stop(final Commands commands, final String... services) {
        final List<String> command = new ArrayList<>(List.of("scripts/grid", "stop"));
        command.addAll(List.of(services));
        return commands.run(Duration.ofMinutes(3), command);
    }

    /**
     * The PID of a grid component ({@code kafka}, {@code redis}, {@code cassandra}, {@code yarn-nm}...) from
     * its PID file, checked as scripts/grid checks it: a Java service's command line carries the grid's
     * markers, Redis's names redis-server.
     */
    OptionalLong pid(final String component) {
        try {
            final Path file = home.resolve("run").resolve(component + ".pid");
            if (!Files.isRegularFile(file)) {
                return OptionalLong.empty();
            }
            // "<pid> <start millis>" (scripts/grid's record); the first field is the PID.
            final long pid = Long.parseLong(Files.readString(file).trim().split("\\s+")[0]);
            final String cmdline = ProcessTable.cmdline(pid);
            final boolean ours = "redis".equals(component) ? cmdline.contains("redis-server")
                    : cmdline.contains("-Driffle.grid.home=" + home + " ")
                            && cmdline.contains("-Driffle.grid.component=" + component + " ");
            return ours ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A line of the grid's environment for the report: where the services listen. */
    String describe() {
        return "grid home " + home + (own ? " (the harness's own)" : " (a running grid)") + ", Kafka " + kafka()
                + ", Redis " + redisUri() + ", YARN web " + resourceManagerWeb();
    }

    static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
