package dev.riffle.runner.container;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.container.io.OutputSink;

/**
 * TEST ONLY: a crash inside the commit, after the producer flush (step 2 of
 * {@link dev.riffle.runner.container.commit.CommitProtocol}) and
 * before the offsets are recorded (step 3), the one window in which a crash makes a replay send outputs
 * again. Armed by the JVM system property {@value #PROPERTY}{@code =<topic>:<marker file>} (for example in
 * {@code task.opts}); unset, it is never built. The first flush after a record was sent to {@code <topic>}
 * halts the JVM with status {@value #EXIT_STATUS} once the flush succeeded, if it can create the marker
 * file; the marker makes it happen once per marker, so the relaunched container runs normally.
 */
final class CrashAfterFlush implements OutputSink {

    /** The system property that arms the crash. */
    static final String PROPERTY = "riffle.test.crash-after-flush";
    /** The exit status of the halted JVM. */
    static final int EXIT_STATUS = 86;

    private static final Logger LOG = LoggerFactory.getLogger(CrashAfterFlush.class);

    private final OutputSink delegate;
    private final String topic;
    private final Path marker;
    private volatile boolean sentToTopic;

    private CrashAfterFlush(final OutputSink delegate, final String topic, final Path marker) {
        this.delegate = delegate;
        this.topic = topic;
        this.marker = marker;
    }

    /** {@code output} itself unless {@value #PROPERTY} is set; then the sink that crashes after a flush. */
    static OutputSink armedOrNot(final OutputSink output) {
        final String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return output;
        }
        final int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("-D" + PROPERTY + "='" + value + "' must be <topic>:<marker file>");
        }
        LOG.warn("TEST ONLY: -D{}={} is set: this container halts after the first producer flush that follows a send"
                + " to topic {}, before the offsets are recorded.", PROPERTY, value, value.substring(0, colon));
        return new CrashAfterFlush(output, value.substring(0, colon), Path.of(value.substring(colon + 1)));
    }

    @Override
    public void send(final ProducerRecord<byte[], byte[]> record) {
        delegate.send(record);
        if (record.topic().equals(topic)) {
            sentToTopic = true;
        }
    }

    @Override
    public void flush() {
        // Read before the flush: a record sent meanwhile may not be in it. Never cleared; the marker makes it once.
        final boolean crash = sentToTopic;
        delegate.flush();
        if (crash && claimMarker()) {
            LOG.error("TEST ONLY: halting after the producer flush that delivered a record to {} and before the"
                    + " offsets are recorded (-D{}).", topic, PROPERTY);
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    private boolean claimMarker() {
        try {
            Files.createFile(marker);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the crash marker " + marker + " of -D" + PROPERTY, e);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
