package dev.riffle.grid;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.riffle.grid.service.YarnSite;

/**
 * Where the grid lives and which ports it uses: every value from the environment
 * ({@code RIFFLE_GRID_HOME}, {@code RIFFLE_*_PORT}, {@code RIFFLE_GRID_TIMEOUT}), checked once.
 */
final class GridSettings {

    static final String HOST = "127.0.0.1";

    /** One port a component listens on, and the variable that moves it. */
    record Port(int port, String variable) {
    }

    private final Path repo;
    private final Path home;
    private final Map<String, String> env;
    private final int timeoutSeconds;

    GridSettings(final Path repo, final Map<String, String> env) {
        this.repo = repo;
        this.env = env;
        final String configured = env.getOrDefault("RIFFLE_GRID_HOME", "");
        this.home = configured.isEmpty() ? repo.resolve(".grid") : Paths.get(configured).toAbsolutePath().normalize();
        final String timeout = env.getOrDefault("RIFFLE_GRID_TIMEOUT", "120");
        if (!timeout.matches("[0-9]{1,6}") || Integer.parseInt(timeout) == 0) {
            throw new GridException("RIFFLE_GRID_TIMEOUT='" + timeout + "' is not a positive number of seconds.", 2);
        }
        this.timeoutSeconds = Integer.parseInt(timeout);
        for (Component c : Component.values()) {
            ports(c);
        }
    }

    private int port(final String variable, final int defaultPort) {
        final String value = env.getOrDefault(variable, "");
        if (value.isEmpty()) {
            return defaultPort;
        }
        if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
            throw new GridException(variable + "='" + value + "' is not a TCP port (1-65535). Unset it or give a free port.", 2);
        }
        return Integer.parseInt(value);
    }

    /** Every port {@code component} listens on, its main port first. */
    List<Port> ports(final Component component) {
        final List<Port> ports = new ArrayList<>();
        switch (component) {
            case KAFKA -> {
                add(ports, "RIFFLE_KAFKA_PORT", 9092);
                add(ports, "RIFFLE_KAFKA_CONTROLLER_PORT", 9093);
            }
            case YARN_RM -> {
                add(ports, "RIFFLE_YARN_RM_PORT", 8032);
                add(ports, "RIFFLE_YARN_SCHEDULER_PORT", 8030);
                add(ports, "RIFFLE_YARN_TRACKER_PORT", 8031);
                add(ports, "RIFFLE_YARN_ADMIN_PORT", 8033);
                add(ports, "RIFFLE_YARN_WEB_PORT", 8088);
            }
            case YARN_NM -> {
                add(ports, "RIFFLE_YARN_NM_PORT", 8041);
                add(ports, "RIFFLE_YARN_NM_LOCALIZER_PORT", 8040);
                add(ports, "RIFFLE_YARN_NM_WEB_PORT", 8042);
            }
            case REDIS -> add(ports, "RIFFLE_REDIS_PORT", 6379);
            case CASSANDRA -> {
                add(ports, "RIFFLE_CASSANDRA_PORT", 9042);
                add(ports, "RIFFLE_CASSANDRA_STORAGE_PORT", 7000);
            }
            default -> throw new IllegalArgumentException(component.id());
        }
        return ports;
    }

    private void add(final List<Port> ports, final String variable, final int defaultPort) {
        ports.add(new Port(port(variable, defaultPort), variable));
    }

    /** The component's main port (clients, RPC). */
    int mainPort(final Component component) {
        return ports(component).get(0).port();
    }

    /** {@code 127.0.0.1:<main port>}. */
    String address(final Component component) {
        return HOST + ":" + mainPort(component);
    }

    int rmWebPort() {
        return ports(Component.YARN_RM).get(4).port();
    }

    YarnSite.Ports yarnPorts() {
        final List<Port> rm = ports(Component.YARN_RM);
        final List<Port> nm = ports(Component.YARN_NM);
        return new YarnSite.Ports(rm.get(0).port(), rm.get(1).port(), rm.get(2).port(), rm.get(3).port(),
                rm.get(4).port(), nm.get(0).port(), nm.get(1).port(), nm.get(2).port());
    }

    Path repo() {
        return repo;
    }

    Path home() {
        return home;
    }

    Path runDir() {
        return home.resolve("run");
    }

    Path logDir() {
        return home.resolve("logs");
    }

    Path hadoopConf() {
        return home.resolve("hadoop-conf");
    }

    Path yarnDir() {
        return home.resolve("yarn");
    }

    /** {@code grid/<service>/target/lib}: the server jars of kafka, yarn or cassandra. */
    Path lib(final String service) {
        return repo.resolve("grid").resolve(service).resolve("target").resolve("lib");
    }

    Path log(final Component component) {
        return logDir().resolve(component.id() + ".log");
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** The java launcher the grid itself runs on, for the servers it starts. */
    String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
