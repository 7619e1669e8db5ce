package dev.riffle.yarn.client;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Finds the Hadoop configuration of the cluster to submit to: {@code HADOOP_CONF_DIR}, else the
 * directory the local grid writes ({@code <RIFFLE_GRID_HOME or repo/.grid>/hadoop-conf}).
 */
public final class HadoopConf {

    /** System property the scripts set to the repository (or unpacked package) root. */
    public static final String HOME_PROPERTY = "riffle.home";

    /** System property that overrides everything else (tests running the client in-process). */
    public static final String CONF_DIR_PROPERTY = "riffle.hadoop.conf.dir";

    private HadoopConf() {
    }

    /** The directory to read, before checking that it exists. */
    public static Path directory() {
        final String property = System.getProperty(CONF_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        final String env = System.getenv("HADOOP_CONF_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        final String gridHome = System.getenv("RIFFLE_GRID_HOME");
        final Path grid = gridHome != null && !gridHome.isBlank() ? Path.of(gridHome)
                : Path.of(System.getProperty(HOME_PROPERTY, ".")).resolve(".grid");
        return grid.toAbsolutePath().resolve("hadoop-conf");
    }

    /**
     * The configuration from {@link #directory()}.
     *
     * @throws UsageException when the directory holds no {@code yarn-site.xml}
     */
    public static YarnConfiguration load() {
        final Path dir = directory();
        if (!Files.isRegularFile(dir.resolve("yarn-site.xml"))) {
            throw new UsageException("No yarn-site.xml in " + dir + ". Set HADOOP_CONF_DIR to your cluster's Hadoop "
                    + "configuration directory, or start the local grid (scripts/grid start yarn), which writes one there.");
        }
        final YarnConfiguration conf = new YarnConfiguration();
        for (String name : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
            final Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
            }
        }
        return conf;
    }
}
