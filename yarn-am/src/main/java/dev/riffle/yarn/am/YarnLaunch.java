package dev.riffle.yarn.am;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * Pieces of a YARN launch shared by the client (for the AM) and the AM (for containers): the
 * package and config as local resources, the classpath, the java command line.
 */
public final class YarnLaunch {

    private YarnLaunch() {
    }

    /** The package (ARCHIVE) and the configuration (FILE), under the link names of {@link AmContract}. */
    public static Map<String, LocalResource> resources(final Configuration conf, final URI packageUri, final URI configUri) {
        return Map.of(AmContract.PACKAGE_LINK, resource(conf, packageUri, LocalResourceType.ARCHIVE),
                AmContract.CONFIG_LINK, resource(conf, configUri, LocalResourceType.FILE));
    }

    private static LocalResource resource(final Configuration conf, final URI uri, final LocalResourceType type) {
        final Path path = new Path(uri);
        try {
            final FileStatus status = path.getFileSystem(conf).getFileStatus(path);
            return LocalResource.newInstance(URL.fromPath(status.getPath()), type, LocalResourceVisibility.APPLICATION,
                    status.getLen(), status.getModificationTime());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + uri + " to localise it for a YARN container: " + e.getMessage()
                    + ". Check that the file exists and that the cluster can read it.", e);
        }
    }

    /**
     * The CLASSPATH of a Riffle JVM: the package's {@code lib/*} first, then (for the AM) the node's
     * {@code yarn.application.classpath}, which holds the cluster's Hadoop configuration and jars.
     */
    public static String classpath(final Configuration conf, final boolean withHadoop) {
        final List<String> entries = new ArrayList<>();
        entries.add(Environment.PWD.$$() + "/" + AmContract.PACKAGE_LINK + "/lib/*");
        if (withHadoop) {
            for (String e : conf.getTrimmedStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH,
                    YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH)) {
                entries.add(e);
            }
        }
        return String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, entries);
    }

    /** {@code $JAVA_HOME/bin/java <ADD_OPENS> OPTS -Dlog4j2... MAIN 1>LOG/stdout 2>LOG/stderr}. */
    public static String javaCommand(final String jvmOptions, final String mainClass) {
        return Environment.JAVA_HOME.$$() + "/bin/java " + ApplicationConstants.JVM_ADD_OPENS_VAR
                + " " + (jvmOptions == null ? "" : jvmOptions.strip())
                + " -Dlog4j2.configurationFile=" + AmContract.LOG4J2_CONFIG
                + " " + mainClass
                + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    }

    /** The current user's tokens without the AMRM token, for containers on a secure cluster. */
    public static ByteBuffer containerTokens() {
        try {
            final Credentials credentials = new Credentials(UserGroupInformation.getCurrentUser().getCredentials());
            credentials.getAllTokens().removeIf(t -> AMRMTokenIdentifier.KIND_NAME.equals(t.getKind()));
            final DataOutputBuffer out = new DataOutputBuffer();
            credentials.writeTokenStorageToStream(out);
            return ByteBuffer.wrap(out.getData(), 0, out.getLength());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the application master's tokens for a container: " + e.getMessage(), e);
        }
    }
}
