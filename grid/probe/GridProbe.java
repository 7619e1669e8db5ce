import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * Asks the grid's Kafka broker and Cassandra node whether they really answer, for {@code scripts/grid}.
 *
 * <p>Kafka: an Admin client {@code describeCluster} (a metadata request). Cassandra: the CQL native
 * protocol v4 handshake (OPTIONS, STARTUP) and the query {@code SELECT release_version FROM system.local},
 * spoken over a plain socket so the probe needs no driver.
 *
 * <p>Usage: {@code GridProbe [--wait SECONDS] SERVICE HOST:PORT [SERVICE HOST:PORT]...} with SERVICE
 * {@code kafka} or {@code cassandra}; compile and run with {@code grid/kafka/target/lib/*} on the classpath.
 * Without {@code --wait} each service is asked once; with it, every service is asked again and again, in
 * parallel, until it answers or the time is up, so {@code scripts/grid start} can run the probe while the
 * services start. Prints one line per service as soon as it is known and exits 0 when every service
 * answers, 1 when one does not, 2 on bad usage.
 */
public final class GridProbe {
    private static final int TIMEOUT_MS = 5_000;
    private static final long RETRY_MS = 250;

    private static final int CQL_VERSION_4 = 0x04;
    private static final int OP_ERROR = 0x00;
    private static final int OP_STARTUP = 0x01;
    private static final int OP_READY = 0x02;
    private static final int OP_AUTHENTICATE = 0x03;
    private static final int OP_OPTIONS = 0x05;
    private static final int OP_SUPPORTED = 0x06;
    private static final int OP_QUERY = 0x07;
    private static final int OP_RESULT = 0x08;
    private static final int RESULT_ROWS = 0x0002;
    private static final int FLAG_WARNING = 0x08;
    private static final int FLAG_CUSTOM_PAYLOAD = 0x04;
    private static final int FLAG_TRACING = 0x02;

    private GridProbe() {
    }

    public static void main(final String[] args) throws InterruptedException {
        int first = 0;
        long waitMillis = 0;
        if (args.length >= 2 && args[0].equals("--wait")) {
            if (!args[1].matches("[0-9]{1,6}")) {
                usage("--wait needs a number of seconds, not '" + args[1] + "'");
            }
            waitMillis = Long.parseLong(args[1]) * 1000;
            first = 2;
        }
        if (args.length == first || (args.length - first) % 2 != 0) {
            usage("expected pairs of SERVICE HOST:PORT");
        }
        final long deadline = System.currentTimeMillis() + waitMillis;
        final List<Thread> checks = new ArrayList<>();
        final AtomicBoolean allAnswer = new AtomicBoolean(true);
        for (int i = first; i < args.length; i += 2) {
            final String service = args[i];
            final String address = args[i + 1];
            if (!service.equals("kafka") && !service.equals("cassandra")) {
                usage("unknown service '" + service + "'");
            }
            final int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("[0-9]{1,5}")) {
                usage("address '" + address + "' is not HOST:PORT");
            }
            final Thread check = new Thread(() -> {
                if (!check(service, address, deadline)) {
                    allAnswer.set(false);
                }
            }, "probe-" + service);
            checks.add(check);
        }
        checks.forEach(Thread::start);
        for (final Thread check : checks) {
            check.join();
        }
        System.exit(allAnswer.get() ? 0 : 1);
    }

    /** Asks one service until it answers or the deadline passes; prints the outcome. */
    private static boolean check(final String service, final String address, final long deadline) {
        final int colon = address.lastIndexOf(':');
        final String host = address.substring(0, colon);
        final int port = Integer.parseInt(address.substring(colon + 1));
        try {
            final String detail = service.equals("kafka")
                    ? probeKafka(address, deadline)
                    : probeCassandra(host, port, deadline);
            report(service + " " + address + " answers: " + detail);
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            report(service + " " + address + " does not answer: the probe was interrupted");
        } catch (final Exception e) {
            report(service + " " + address + " does not answer: " + describe(e));
        }
        return false;
    }

    private static synchronized void report(final String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void usage(final String problem) {
        System.err.println("GridProbe: " + problem + ".");
        System.err.println("Usage: GridProbe [--wait SECONDS] SERVICE HOST:PORT [SERVICE HOST:PORT]...  (SERVICE: kafka | cassandra)");
        System.exit(2);
    }

    private static String describe(final Throwable error) {
        Throwable cause = error;
        // Admin futures wrap the useful cause in ExecutionException.
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        final String message = cause.getMessage();
        if (message == null && cause instanceof TimeoutException) {
            return "no answer within " + TIMEOUT_MS + " ms";
        }
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String probeKafka(final String address, final long deadline) throws Exception {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "riffle-grid-probe");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        // While the broker starts, reconnect quickly instead of backing off up to a second.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        final Admin admin = Admin.create(props);
        try {
            while (true) {
                try {
                    final DescribeClusterResult cluster =
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
                    final String clusterId = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    final Collection<Node> brokers = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    return "cluster " + clusterId + " with " + brokers.size() + " broker(s)";
                } catch (final ExecutionException | TimeoutException e) {
                    if (System.currentTimeMillis() >= deadline) {
                        throw e;
                    }
                    Thread.sleep(RETRY_MS);
                }
            }
        } finally {
            // The default close waits for pending calls; a probe of a dead broker should not.
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static String probeCassandra(final String host, final int port, final long deadline)
            throws IOException, InterruptedException {
        while (true) {
            try {
                return askCassandra(host, port);
            } catch (final IOException e) {
                if (System.currentTimeMillis() >= deadline) {
                    throw e;
                }
                Thread.sleep(RETRY_MS);
            }
        }
    }

    private static String askCassandra(final String host, final int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            final DataInputStream in = new DataInputStream(socket.getInputStream());

            writeFrame(out, OP_OPTIONS, new byte[0]);
            final ByteBuffer supported = readFrame(in, OP_SUPPORTED);
            final List<String> cqlVersions = readMultimapEntry(supported, "CQL_VERSION");

            final ByteBuffer startup = ByteBuffer.allocate(64);
            startup.putShort((short) 1);
            putString(startup, "CQL_VERSION");
            putString(startup, "3.0.0");
            writeFrame(out, OP_STARTUP, bytes(startup));
            readFrame(in, OP_READY);

            final ByteBuffer query = ByteBuffer.allocate(128);
            final byte[] cql = "SELECT release_version FROM system.local".getBytes(StandardCharsets.UTF_8);
            query.putInt(cql.length).put(cql);
            query.putShort((short) 0x0001); // consistency ONE
            query.put((byte) 0);            // no query flags
            writeFrame(out, OP_QUERY, bytes(query));
            final String release = readSingleTextCell(readFrame(in, OP_RESULT));
            return "Cassandra " + release + ", CQL " + String.join("/", cqlVersions);
        }
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] body = new byte[buffer.position()];
        buffer.flip().get(body);
        return body;
    }

    private static void writeFrame(final DataOutputStream out, final int opcode, final byte[] body)
            throws IOException {
        out.writeByte(CQL_VERSION_4);
        out.writeByte(0);
        out.writeShort(0);
        out.writeByte(opcode);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    private static ByteBuffer readFrame(final DataInputStream in, final int expectedOpcode) throws IOException {
        final int version = in.readUnsignedByte();
        final int flags = in.readUnsignedByte();
        in.readShort();
        final int opcode = in.readUnsignedByte();
        final int length = in.readInt();
        final byte[] body = new byte[length];
        in.readFully(body);
        final ByteBuffer buffer = ByteBuffer.wrap(body);
        if ((version & 0x7f) != CQL_VERSION_4) {
            throw new IOException("the server replied with protocol version " + (version & 0x7f) + ", not 4");
        }
        if ((flags & FLAG_TRACING) != 0) {
            buffer.position(buffer.position() + 16);
        }
        if ((flags & FLAG_WARNING) != 0) {
            final int warnings = buffer.getShort();
            for (int i = 0; i < warnings; i++) {
                readString(buffer);
            }
        }
        if ((flags & FLAG_CUSTOM_PAYLOAD) != 0) {
            final int entries = buffer.getShort();
            for (int i = 0; i < entries; i++) {
                readString(buffer);
                buffer.position(buffer.position() + Math.max(0, buffer.getInt()));
            }
        }
        if (opcode == OP_ERROR) {
            final int code = buffer.getInt();
            throw new IOException("CQL error 0x" + Integer.toHexString(code) + ": " + readString(buffer));
        }
        if (opcode == OP_AUTHENTICATE) {
            throw new IOException("the node requires authentication; the grid's node should not");
        }
        if (opcode != expectedOpcode) {
            throw new IOException("expected CQL opcode 0x" + Integer.toHexString(expectedOpcode)
                    + " but got 0x" + Integer.toHexString(opcode));
        }
        return buffer;
    }

    private static List<String> readMultimapEntry(final ByteBuffer buffer, final String wanted) {
        final List<String> found = new ArrayList<>();
        final int keys = buffer.getShort();
        for (int i = 0; i < keys; i++) {
            final String key = readString(buffer);
            final int values = buffer.getShort();
            for (int j = 0; j < values; j++) {
                final String value = readString(buffer);
                if (key.equals(wanted)) {
                    found.add(value);
                }
            }
        }
        return found;
    }

    /** Reads a Rows result of one text column and returns the first row's value. */
    private static String readSingleTextCell(final ByteBuffer buffer) throws IOException {
        final int kind = buffer.getInt();
        if (kind != RESULT_ROWS) {
            throw new IOException("expected a Rows result but got result kind " + kind);
        }
        final int metadataFlags = buffer.getInt();
        final int columns = buffer.getInt();
        if ((metadataFlags & 0x0002) != 0) {
            buffer.position(buffer.position() + Math.max(0, buffer.getInt())); // paging state
        }
        final boolean globalTableSpec = (metadataFlags & 0x0001) != 0;
        if (globalTableSpec) {
            readString(buffer);
            readString(buffer);
        }
        for (int i = 0; i < columns; i++) {
            if (!globalTableSpec) {
                readString(buffer);
                readString(buffer);
            }
            readString(buffer);
            buffer.getShort(); // column type id: text for release_version
        }
        final int rows = buffer.getInt();
        if (rows < 1 || columns != 1) {
            throw new IOException("system.local returned " + rows + " row(s) of " + columns + " column(s)");
        }
        final int length = buffer.getInt();
        final byte[] value = new byte[Math.max(0, length)];
        buffer.get(value);
        return new String(value, StandardCharsets.UTF_8);
    }

    private static void putString(final ByteBuffer buffer, final String value) {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) utf8.length).put(utf8);
    }

    private static String readString(final ByteBuffer buffer) {
        final byte[] utf8 = new byte[buffer.getShort() & 0xffff];
        buffer.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
