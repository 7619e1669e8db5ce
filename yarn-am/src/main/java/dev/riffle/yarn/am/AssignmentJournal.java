package dev.riffle.yarn.am;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cluster container runs which logical container, kept in the application's directory on the
 * cluster file system so that the next AM attempt can adopt the running containers by logical id.
 */
final class AssignmentJournal {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentJournal.class);

    private final FileSystem fs;
    private final Path file;

    AssignmentJournal(final Configuration conf, final Path appDir) throws IOException {
        this.fs = appDir.getFileSystem(conf);
        this.file = new Path(appDir, AmContract.JOURNAL_FILE);
    }

    /** The last written assignments, cluster container id to logical id; empty when there are none. */
    Map<String, String> read() {
        final Map<String, String> result = new TreeMap<>();
        try {
            if (!fs.exists(file)) {
                return result;
            }
            final Properties p = new Properties();
            try (InputStream in = fs.open(file)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> result.put(k, p.getProperty(k)));
        } catch (IOException e) {
            LOG.warn("Cannot read the container journal {}: {}. Containers of the previous attempt will be stopped "
                    + "and relaunched.", file, e.toString());
        }
        return result;
    }

    /** Replaces the journal (write to a temporary file, then rename). */
    synchronized void write(final Map<String, String> assignments) {
        final Path tmp = new Path(file.getParent(), file.getName() + ".tmp");
        try {
            final Properties p = new Properties();
            p.putAll(assignments);
            try (OutputStream out = fs.create(tmp, true)) {
                p.store(out, "cluster container id = logical container id");
            }
            fs.delete(file, false);
            if (!fs.rename(tmp, file)) {
                throw new IOException("rename of " + tmp + " to " + file + " failed");
            }
        } catch (IOException e) {
            LOG.warn("Cannot write the container journal {}: {}. A new AM attempt could not adopt the containers.",
                    file, e.toString());
        }
    }
}
