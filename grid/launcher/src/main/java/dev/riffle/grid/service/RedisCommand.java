package dev.riffle.grid.service;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@code redis-server} (Debian's package) in the foreground on loopback, as the grid and the fixtures run it. */
public final class RedisCommand {

    /** What to keep on disk. */
    public enum Persistence {
        /** Nothing: a restarted server is empty (the fixtures' outage tests rely on it). */
        NONE,
        /** An append-only file, fsynced every second: a restarted server has what it had (the grid). */
        APPEND_ONLY
    }

    private RedisCommand() {
    }

    /** The server's command line; logs go to stdout, which {@link ServiceProcess} appends to the log file. */
    public static List<String> command(final Path executable, final int port, final Path dir,
                                       final Persistence persistence, final List<String> extraArgs) {
        final List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", ""));
        if (persistence == Persistence.APPEND_ONLY) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        command.addAll(List.of("--daemonize", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        return command;
    }

    /** The installed {@code redis-server}, if there is one. */
    public static Optional<Path> executable() {
        return onPath("redis-server");
    }

    /** The path of an executable on {@code PATH} (or in the usual system directories), if there is one. */
    public static Optional<Path> onPath(final String executable) {
        final List<String> dirs = new ArrayList<>(List.of(
                System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
        for (String dir : dirs) {
            final Path candidate = Paths.get(dir, executable);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** "PING -> PONG, redis_version 7.0.15", or throws when the server does not answer PING. */
    public static String describe(final int port) throws Exception {
        final String pong = RedisProtocol.call(port, "PING");
        if (!"+PONG".equals(pong)) {
            throw new IllegalStateException("PING answered " + pong);
        }
        final String info = RedisProtocol.call(port, "INFO server");
        final String version = info.lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                .map(l -> l.replace(':', ' ').trim()).orElse("redis_version ?");
        return "PING -> PONG, " + version;
    }
}
