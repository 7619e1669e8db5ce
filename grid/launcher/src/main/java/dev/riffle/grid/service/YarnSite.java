package dev.riffle.grid.service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The YARN settings, declared once: {@link #common} for every single-machine YARN Riffle runs (the
 * grid's ResourceManager and NodeManager processes, the fixtures' MiniYARNCluster, which sets them on
 * its {@code YarnConfiguration}); {@link #grid} adds the grid's fixed addresses and directories.
 */
public final class YarnSite {

    /** The grid's ports, each from its {@code RIFFLE_YARN_*} variable. */
    public record Ports(int rm, int scheduler, int tracker, int admin, int web, int nm, int localizer, int nmWeb) {
    }

    private YarnSite() {
    }

    /** {@code core-site.xml}: no HDFS, the default file system is the local one. */
    public static Map<String, String> core(final Path dir) {
        final Map<String, String> site = new LinkedHashMap<>();
        site.put("fs.defaultFS", "file:///");
        site.put("hadoop.tmp.dir", dir.resolve("tmp").toString());
        return site;
    }

    /** What every Riffle YARN on one machine needs; files under {@code dir}. */
    public static Map<String, String> common(final Path dir) {
        final Map<String, String> site = new LinkedHashMap<>(core(dir));
        // Memory and vcores are accounting only on a 2-core development machine.
        site.put("yarn.nodemanager.resource.memory-mb", "4096");
        site.put("yarn.nodemanager.resource.cpu-vcores", "8");
        site.put("yarn.scheduler.minimum-allocation-mb", "128");
        site.put("yarn.scheduler.maximum-allocation-mb", "2048");
        site.put("yarn.nodemanager.pmem-check-enabled", "false");
        site.put("yarn.nodemanager.vmem-check-enabled", "false");
        // A stopped container gets SIGTERM, then SIGKILL after this delay: time for Riffle's final commit.
        site.put("yarn.nodemanager.sleep-delay-before-sigkill.ms", "10000");
        // A fuller disk would mark the node unhealthy and stop all scheduling.
        site.put("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.5");
        // Log aggregation on: container logs survive the application, and a NodeManager stops at once
        // (17 s after any finished application without it).
        site.put("yarn.log-aggregation-enable", "true");
        site.put("yarn.nodemanager.remote-app-log-dir", dir.resolve("app-logs").toUri().toString());
        site.put("yarn.node-attribute.fs-store.root-dir", dir.resolve("node-attributes").toUri().toString());
        return site;
    }

    /**
     * The grid's {@code yarn-site.xml} settings: {@link #common} plus every address on loopback with the
     * given ports, the NodeManager's directories under {@code yarnDir}, and a container classpath of
     * {@code confDir} and the YARN jars in {@code yarnLib} (there is no HADOOP_HOME).
     */
    public static Map<String, String> grid(final Path yarnDir, final Path confDir, final Path yarnLib, final Ports ports) {
        final Map<String, String> site = common(yarnDir);
        site.put("yarn.resourcemanager.hostname", "127.0.0.1");
        site.put("yarn.resourcemanager.address", "127.0.0.1:" + ports.rm());
        site.put("yarn.resourcemanager.scheduler.address", "127.0.0.1:" + ports.scheduler());
        site.put("yarn.resourcemanager.resource-tracker.address", "127.0.0.1:" + ports.tracker());
        site.put("yarn.resourcemanager.admin.address", "127.0.0.1:" + ports.admin());
        site.put("yarn.resourcemanager.webapp.address", "127.0.0.1:" + ports.web());
        site.put("yarn.nodemanager.hostname", "127.0.0.1");
        site.put("yarn.nodemanager.address", "127.0.0.1:" + ports.nm());
        site.put("yarn.nodemanager.localizer.address", "127.0.0.1:" + ports.localizer());
        site.put("yarn.nodemanager.webapp.address", "127.0.0.1:" + ports.nmWeb());
        // The NodeManager may start before the ResourceManager listens: retry every second, not every 30.
        site.put("yarn.resourcemanager.connect.retry-interval.ms", "1000");
        site.put("yarn.resourcemanager.connect.max-wait.ms", "60000");
        site.put("yarn.nodemanager.container-executor.class",
                "org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor");
        site.put("yarn.nodemanager.local-dirs", yarnDir.resolve("nm-local").toString());
        site.put("yarn.nodemanager.log-dirs", yarnDir.resolve("nm-logs").toString());
        site.put("yarn.nodemanager.delete.debug-delay-sec", "0");
        site.put("yarn.log-aggregation.retain-seconds", "604800");
        // Containers run $JAVA_HOME/bin/java with the grid's configuration and the YARN jars.
        site.put("yarn.nodemanager.env-whitelist", "JAVA_HOME,HADOOP_COMMON_HOME,HADOOP_HDFS_HOME,HADOOP_CONF_DIR,"
                + "CLASSPATH_PREPEND_DISTCACHE,HADOOP_YARN_HOME,HADOOP_HOME,PATH,LANG,TZ,HADOOP_MAPRED_HOME");
        site.put("yarn.application.classpath", confDir + "," + yarnLib.resolve("*"));
        return site;
    }
}
