package dev.riffle.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} (Debian's package) on a free port of 127.0.0.1 with no persistence,
 * its files under {@code target/fixtures/redis-<n>/}. Outage tests can {@link #stop()} it and
 * {@link #start()} it again on the same port (empty, as nothing is saved). One shared instance per
 * test JVM: {@link #shared()} or a {@code RedisFixture} parameter with {@link FixturesExtension}.
 */
public final class RedisFixture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFixture.class);

    private final RedisServer server;

    private RedisFixture(final RedisServer server) {
        this.server = server;
    }

    /** The server shared by every test in this JVM, started on first use. */
    public static RedisFixture shared() {
        return SharedFixtures.get(RedisFixture.class, RedisFixture::launch);
    }

    private static RedisFixture launch() {
        final long began = System.nanoTime();
        RedisServer.executable();
        final Path dir = FixturePaths.claimDir("redis");
        final RedisServer server = new RedisServer(dir, FreePorts.next(), List.of());
        server.start();
        LOG.info("Started redis-server (PID {}) at 127.0.0.1:{} in {} ms; its log is {}.", server.pid(),
                server.port(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), server.logFile());
        return new RedisFixture(server);
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.port();
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://" + host() + ":" + port();
    }

    /** The server's log (kept across {@link #stop()}/{@link #start()}). */
    public Path logFile() {
        return server.logFile();
    }

    /** Whether the server process is up (it may be down after {@link #stop()}). */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Takes the server down (SIGTERM), for outage tests; {@link #start()} brings it back. */
    public void stop() {
        server.stop();
        LOG.info("Stopped redis-server at 127.0.0.1:{} on request of a test.", port());
    }

    /** Starts the server again on the same port (empty) and waits until it answers PING. */
    public void start() {
        server.start();
        LOG.info("Started redis-server again at 127.0.0.1:{} (PID {}).", port(), server.pid());
    }

    @Override
    public void close() {
        server.stop();
        LOG.info("Stopped redis-server at 127.0.0.1:{}; its log stays at {}.", port(), logFile());
    }
}
