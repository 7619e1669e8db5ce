package dev.riffle.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.riffle.grid.service.RedisCommand;
import dev.riffle.grid.service.RedisCommand.Persistence;
import dev.riffle.grid.service.RedisProtocol;
import dev.riffle.grid.service.ServiceProcess;

/** One {@code redis-server} process in the foreground on a fixed port, which can be stopped and started again. */
final class RedisServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path executable;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private ServiceProcess process;

    RedisServer(final Path dir, final int port, final List<String> extraArgs) {
        this.executable = executable();
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** The installed {@code redis-server}, or a message that says how to install it. */
    static Path executable() {
        return RedisCommand.executable().orElseThrow(() -> new IllegalStateException(
                "redis-server is not installed, so the Redis fixtures cannot start. Run scripts/test.sh "
                        + "(it installs it) or `apt-get install -y redis-server` as root."));
    }

    int port() {
        return port;
    }

    Path logFile() {
        return dir.resolve("redis-" + port + ".log");
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("The redis-server on port " + port + " is not running.");
        }
        return process.pid();
    }

    /** Starts the server (no persistence) and waits until it answers PING; does nothing if it runs. */
    synchronized void start() {
        if (isRunning()) {
            return;
        }
        final List<String> command = RedisCommand.command(executable, port, dir, Persistence.NONE, extraArgs);
        // Log to stdout, which ServiceProcess appends to the log file across restarts.
        process = ServiceProcess.start("the redis-server on port " + port, command, dir, logFile(), Map.of());
        process.awaitReady("to answer PING", START_TIMEOUT, () -> "+PONG".equals(RedisProtocol.call(port, "PING")));
    }

    /** Stops the server (SIGTERM); its data is gone, as the server keeps none on disk. */
    synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }
}
