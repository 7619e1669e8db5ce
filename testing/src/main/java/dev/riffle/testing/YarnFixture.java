package dev.riffle.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.riffle.grid.service.HadoopXml;
import dev.riffle.grid.service.YarnSite;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MiniYARNCluster} in the test JVM: one ResourceManager with the FIFO scheduler, two
 * NodeManagers, ephemeral ports, log aggregation on (so it stops in well under a second), memory
 * checks off; files under {@code target/fixtures/yarn-<n>/}. Its configuration is written as
 * {@code yarn-site.xml} into {@link #hadoopConfDir()} and into {@code target/test-classes}, where
 * application masters launched with the test classpath find the ResourceManager. One shared
 * instance per test JVM: {@link #shared()} or a {@code YarnFixture} parameter with
 * {@link FixturesExtension}.
 */
public final class YarnFixture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YarnFixture.class);

    private static final int NODE_MANAGERS = 2;
    private static final long CONNECT_TIMEOUT_MS = 120_000;

    private final Path dir;
    private final MiniYARNCluster cluster;
    private final Path confDir;
    private final Optional<Path> classpathSite;

    private YarnFixture(final Path dir, final MiniYARNCluster cluster, final Path confDir, final Optional<Path> classpathSite) {
        this.dir = dir;
        this.cluster = cluster;
        this.confDir = confDir;
        this.classpathSite = classpathSite;
    }

    /** The cluster shared by every test in this JVM, started on first use. */
    public static YarnFixture shared() {
        return SharedFixtures.get(YarnFixture.class, YarnFixture::launch);
    }

    private static YarnFixture launch() {
        final long began = System.nanoTime();
        final Path dir = FixturePaths.claimDir("yarn");
        final YarnConfiguration conf = configuration(dir);
        // MiniYARNCluster puts its work directory under the test.build.data directory.
        final String previousDataDir = System.getProperty("test.build.data");
        System.setProperty("test.build.data", dir.toString());
        final MiniYARNCluster cluster;
        try {
            cluster = new MiniYARNCluster("riffle", 1, NODE_MANAGERS, 1, 1);
        } finally {
            restoreProperty("test.build.data", previousDataDir);
        }
        try {
            cluster.init(conf);
            cluster.start();
            if (!cluster.waitForNodeManagersToConnect(CONNECT_TIMEOUT_MS)) {
                throw new IllegalStateException("The MiniYARNCluster's " + NODE_MANAGERS + " NodeManagers did not "
                        + "register with the ResourceManager within " + CONNECT_TIMEOUT_MS / 1000 + " s; see the test "
                        + "output (log4j2) and " + dir + ".");
            }
        } catch (InterruptedException e) {
            cluster.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the MiniYARNCluster.", e);
        } catch (Exception e) {
            cluster.stop();
            throw new IllegalStateException("Cannot start the MiniYARNCluster in " + dir + ": " + e.getMessage(), e);
        }
        final Path confDir = dir.resolve("conf");
        final Optional<Path> classpathSite;
        try {
            Files.createDirectories(confDir);
            writeXml(cluster.getConfig(), confDir.resolve("yarn-site.xml"));
            Files.writeString(confDir.resolve("core-site.xml"),
                    HadoopXml.render("The MiniYARNCluster's core-site.xml, for Hadoop clients.", YarnSite.core(dir)));
            classpathSite = writeClasspathSite(cluster.getConfig());
        } catch (IOException e) {
            cluster.stop();
            throw new UncheckedIOException("Cannot write the MiniYARNCluster's yarn-site.xml into " + confDir, e);
        }
        LOG.info("Started a MiniYARNCluster with {} NodeManagers (ResourceManager at {}) in {} ms; "
                        + "HADOOP_CONF_DIR for clients: {}.", NODE_MANAGERS,
                cluster.getConfig().get(YarnConfiguration.RM_ADDRESS),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), confDir);
        return new YarnFixture(dir, cluster, confDir, classpathSite);
    }

    private static YarnConfiguration configuration(final Path dir) {
        final YarnConfiguration conf = new YarnConfiguration();
        // The settings the grid's ResourceManager and NodeManager run with (memory, checks, log aggregation).
        YarnSite.common(dir).forEach(conf::set);
        conf.setClass(YarnConfiguration.RM_SCHEDULER, FifoScheduler.class, Object.class);
        conf.set(YarnConfiguration.YARN_APPLICATION_CLASSPATH, String.join(",", testClasspath()));
        // Containers run $JAVA_HOME/bin/java; the test JVM's environment may not define JAVA_HOME.
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);
        return conf;
    }

    /** The test JVM's real classpath (failsafe hides it behind a manifest-only jar). */
    static List<String> testClasspath() {
        final String surefire = System.getProperty("surefire.test.class.path");
        final String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank()).collect(Collectors.toList());
    }

    private static Optional<Path> writeClasspathSite(final Configuration conf) throws IOException {
        final Path testClasses = FixturePaths.moduleDir().resolve("target").resolve("test-classes");
        if (!Files.isDirectory(testClasses)) {
            return Optional.empty();
        }
        final Path site = testClasses.resolve("yarn-site.xml");
        writeXml(conf, site);
        return Optional.of(site);
    }

    private static void writeXml(final Configuration conf, final Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    private static void restoreProperty(final String key, final String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }

    /** A copy of the running cluster's configuration (ResourceManager addresses filled in). */
    public YarnConfiguration configuration() {
        return new YarnConfiguration(cluster.getConfig());
    }

    /** A directory holding {@code yarn-site.xml} and {@code core-site.xml}, usable as {@code HADOOP_CONF_DIR}. */
    public Path hadoopConfDir() {
        return confDir;
    }

    /** The ResourceManager's client address, {@code host:port}. */
    public String resourceManagerAddress() {
        return cluster.getConfig().get(YarnConfiguration.RM_ADDRESS);
    }

    /**
     * A {@code CLASSPATH} value for containers on this cluster: the test JVM's classpath, which holds the
     * test classes, the {@code yarn-site.xml} written there, and every dependency.
     */
    public String containerClasspath() {
        return String.join(File.pathSeparator, testClasspath());
    }

    /** The underlying cluster, for tests that need a NodeManager or the ResourceManager itself. */
    public MiniYARNCluster cluster() {
        return cluster;
    }

    public int nodeManagerCount() {
        return NODE_MANAGERS;
    }

    /** Where aggregated container logs go once an application finishes. */
    public Path aggregatedLogDir() {
        return dir.resolve("app-logs");
    }

    /**
     * The PID of a running container, read from the PID file its NodeManager writes, or empty when no
     * NodeManager has (yet) written one.
     */
    public Optional<Long> containerPid(final ContainerId container) {
        final String pidFile = container + ".pid";
        for (int i = 0; i < NODE_MANAGERS; i++) {
            final String[] localDirs = cluster.getNodeManager(i).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS);
            for (String localDir : localDirs) {
                final Path root = Path.of(localDir.replaceFirst("^file:", ""));
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    final Optional<Path> found = walk.filter(p -> p.getFileName().toString().equals(pidFile)).findFirst();
                    if (found.isPresent()) {
                        final String text = Files.readString(found.get()).trim();
                        if (!text.isEmpty()) {
                            return Optional.of(Long.parseLong(text));
                        }
                    }
                } catch (IOException | UncheckedIOException | NumberFormatException e) {
                    LOG.debug("Cannot read the PID file of container {} under {}.", container, root, e);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        cluster.stop();
        classpathSite.ifPresent(site -> {
            try {
                Files.deleteIfExists(site);
            } catch (IOException e) {
                LOG.warn("Cannot delete {}, the yarn-site.xml of the stopped MiniYARNCluster.", site, e);
            }
        });
        LOG.info("Stopped the MiniYARNCluster; its files stay in {}.", dir);
    }
}
