package dev.riffle.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports that are free right now, far from the well-known ports the development grid
 * uses (9092, 8032, 6379, 9042, ...), so a fixture never collides with {@code scripts/grid}.
 */
public final class FreePorts {

    /** Ports are drawn from this range; above it, {@code port + 10000} would not exist. */
    private static final int LOW = 20000;
    private static final int HIGH = 45000;

    /** Ports this JVM already handed out, so two fixtures never get the same one. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A free port on 127.0.0.1. */
    public static int next() {
        return nextWithOffset(0);
    }

    /**
     * A port that is free on 127.0.0.1 and whose companion {@code port + offset} is free too
     * (Redis Cluster uses {@code port + 10000} for its bus).
     */
    public static synchronized int nextWithOffset(final int offset) {
        for (int attempt = 0; attempt < 500; attempt++) {
            final int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (HANDED_OUT.contains(port) || HANDED_OUT.contains(port + offset)) {
                continue;
            }
            if (isFree(port) && (offset == 0 || isFree(port + offset))) {
                HANDED_OUT.add(port);
                if (offset != 0) {
                    HANDED_OUT.add(port + offset);
                }
                return port;
            }
        }
        throw new IllegalStateException("Found no free port on 127.0.0.1 between " + LOW + " and " + HIGH
                + " after 500 attempts; stop whatever holds so many ports and run the tests again.");
    }

    /** Whether something can bind {@code 127.0.0.1:port} right now. */
    public static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
