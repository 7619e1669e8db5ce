package dev.riffle.grid.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough of the Redis protocol to ask a server (the grid's or a fixture's) whether it is ready. */
public final class RedisProtocol {

    private static final int TIMEOUT_MS = 2000;

    private RedisProtocol() {
    }

    /**
     * Sends one inline command ({@code PING}, {@code CLUSTER INFO}) and returns the reply as text: the
     * status line for a simple reply, the payload for a bulk reply.
     */
    public static String call(final int port, final String command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            final OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = socket.getInputStream();
            final String first = readLine(in);
            if (!first.startsWith("$")) {
                return first;
            }
            final int length = Integer.parseInt(first.substring(1));
            if (length < 0) {
                return "";
            }
            final byte[] payload = in.readNBytes(length);
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static String readLine(final InputStream in) throws IOException {
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
