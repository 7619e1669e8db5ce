package dev.riffle.grid;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.riffle.grid.service.RedisCommand;

/**
 * What must be on the machine before anything starts: the server jars of Kafka, YARN and Cassandra
 * (resolved by Maven into {@code grid/<service>/target/lib}, once) and {@code redis-server}
 * (installed with apt-get when running as root).
 */
final class Prerequisites {

    private final GridSettings settings;

    Prerequisites(final GridSettings settings) {
        this.settings = settings;
    }

    void ensure(final List<Component> components) {
        final Set<String> jars = new TreeSet<>();
        for (Component c : components) {
            if (c == Component.REDIS) {
                ensureRedis();
            } else {
                jars.add(c.service());
            }
        }
        ensureJars(jars);
    }

    private boolean jarsPresent(final String service) {
        final Path lib = settings.lib(service);
        final String marker = switch (service) {
            case "kafka" -> "kafka_2.13-";
            case "yarn" -> "hadoop-yarn-server-nodemanager-";
            default -> "cassandra-all-";
        };
        try (Stream<Path> files = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(marker));
        } catch (IOException e) {
            return false;
        }
    }

    private void ensureJars(final Set<String> services) {
        final List<String> missing = services.stream().filter(s -> !jarsPresent(s)).collect(Collectors.toList());
        if (missing.isEmpty()) {
            return;
        }
        System.out.println("Resolving the server jars for " + String.join(" ", missing) + " with Maven into "
                + "grid/<service>/target/lib (first run only; can take a minute)...");
        final long began = System.nanoTime();
        final String modules = missing.stream().map(s -> "grid/" + s).collect(Collectors.joining(","));
        final int status = run(List.of("mvn", "-B", "-q", "-Dstyle.color=never", "-pl", modules, "process-resources"),
                "Maven is not on PATH; it resolves the jars this needs. Install it (apt-get install -y maven) and retry.");
        if (status != 0) {
            throw new GridException("Maven could not resolve the server jars for " + String.join(" ", missing)
                    + "; see its output above. Fix the build (or the network to Maven Central) and retry.", 1);
        }
        for (String service : missing) {
            if (!jarsPresent(service)) {
                throw new GridException("Maven finished but grid/" + service + "/target/lib has no server jars; check grid/"
                        + service + "/pom.xml.", 1);
            }
        }
        System.out.println("Resolved in " + GridClock.secondsSince(began) + " s.");
    }

    private void ensureRedis() {
        if (RedisCommand.executable().isPresent() && RedisCommand.onPath("redis-cli").isPresent()) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new GridException("redis-server is not installed. Install it with: sudo apt-get update && "
                    + "sudo apt-get install -y redis-server   (then run this again).", 1);
        }
        if (RedisCommand.onPath("apt-get").isEmpty()) {
            throw new GridException("redis-server is not installed and apt-get is not available; install Redis 7 "
                    + "(redis-server and redis-cli) and retry.", 1);
        }
        System.out.println("Installing redis-server with apt-get (first run only)...");
        final String noApt = "apt-get is not available.";
        if (run(List.of("apt-get", "update", "-qq"), noApt) != 0
                || run(List.of("apt-get", "install", "-y", "-qq", "redis-server"), noApt) != 0) {
            throw new GridException("apt-get could not install redis-server; see the output above.", 1);
        }
    }

    /** Runs a tool in the repository with this terminal's output; returns its exit status. */
    private int run(final List<String> command, final String whenMissing) {
        final ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(settings.repo().toFile())
                .inheritIO().redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new GridException(whenMissing, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GridException("Interrupted while running " + String.join(" ", command) + ".", 1);
        }
    }
}
