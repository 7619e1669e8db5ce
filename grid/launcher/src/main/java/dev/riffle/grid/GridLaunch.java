package dev.riffle.grid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.riffle.grid.service.CassandraServer;
import dev.riffle.grid.service.ForkedLogging;
import dev.riffle.grid.service.HadoopXml;
import dev.riffle.grid.service.KafkaServer;
import dev.riffle.grid.service.RedisCommand;
import dev.riffle.grid.service.RedisCommand.Persistence;
import dev.riffle.grid.service.ServiceProcess;
import dev.riffle.grid.service.YarnSite;
import org.apache.kafka.common.Uuid;

/**
 * Starts one grid process from the shared service definitions, detached (its own session, so it
 * outlives {@code scripts/grid start}), with its output in {@code logs/<component>.log} and its PID
 * in {@code run/<component>.pid}.
 */
final class GridLaunch {

    private final GridSettings settings;
    private final GridProcesses processes;

    GridLaunch(final GridSettings settings, final GridProcesses processes) {
        this.settings = settings;
        this.processes = processes;
    }

    ServiceProcess launch(final Component component) throws IOException {
        Files.createDirectories(settings.logDir());
        Files.createDirectories(settings.runDir());
        return switch (component) {
            case KAFKA -> kafka();
            case YARN_RM -> yarn(component, "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager", "512m");
            case YARN_NM -> yarn(component, "org.apache.hadoop.yarn.server.nodemanager.NodeManager", "384m");
            case REDIS -> redis();
            case CASSANDRA -> cassandra();
        };
    }

    private ServiceProcess kafka() throws IOException {
        final Path dir = settings.home().resolve("kafka");
        Files.createDirectories(dir);
        final Path properties = dir.resolve("server.properties");
        final Path log4j = dir.resolve("log4j2.xml");
        Files.writeString(properties, KafkaServer.serverProperties(dir.resolve("data"),
                settings.mainPort(Component.KAFKA), settings.ports(Component.KAFKA).get(1).port()));
        Files.writeString(log4j, ForkedLogging.log4j2Config("grid-kafka"));
        final List<String> tuning = new ArrayList<>(List.of("-XX:MaxGCPauseMillis=20"));
        tuning.addAll(processes.markers(Component.KAFKA));
        final List<String> java = KafkaServer.java(settings.java(), settings.lib("kafka"), log4j, tuning);
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            // The storage tool writes meta.properties and the bootstrap checkpoint; needed once.
            final Path formatLog = settings.logDir().resolve("kafka-format.log");
            Files.deleteIfExists(formatLog);
            final ServiceProcess format = ServiceProcess.start("the Kafka storage formatter",
                    KafkaServer.formatCommand(java, Uuid.randomUuid().toString(), properties), dir, formatLog, Map.of());
            try {
                format.awaitExit(Duration.ofSeconds(settings.timeoutSeconds()));
            } catch (IllegalStateException e) {
                throw new StartFailure(Component.KAFKA, "formatting its storage failed", formatLog);
            }
        }
        return start(Component.KAFKA, KafkaServer.startCommand(java, properties), dir, Map.of());
    }

    /** Writes {@code <grid home>/hadoop-conf}: core-site, yarn-site (from {@link YarnSite}) and capacity-scheduler. */
    void writeHadoopConf() throws IOException {
        final Path conf = settings.hadoopConf();
        final Path yarn = settings.yarnDir();
        for (String dir : List.of("nm-local", "nm-logs", "app-logs", "tmp", "node-attributes")) {
            Files.createDirectories(yarn.resolve(dir));
        }
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("core-site.xml"), HadoopXml.render(
                "Written by scripts/grid. The grid has no HDFS: the default file system is the local one.",
                YarnSite.core(yarn)));
        Files.writeString(conf.resolve("yarn-site.xml"), HadoopXml.render(
                "Written by scripts/grid (dev.riffle.grid.service.YarnSite): every address on 127.0.0.1.",
                YarnSite.grid(yarn, conf, settings.lib("yarn"), settings.yarnPorts())));
        Files.copy(settings.repo().resolve("grid/yarn/capacity-scheduler.xml"), conf.resolve("capacity-scheduler.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(yarn.resolve("log4j2.xml"), ForkedLogging.log4j2Config("grid-yarn"));
    }

    private ServiceProcess yarn(final Component component, final String main, final String heap) throws IOException {
        if (component == Component.YARN_RM || !Files.exists(settings.hadoopConf().resolve("yarn-site.xml"))) {
            writeHadoopConf();
        }
        final Path yarn = settings.yarnDir();
        // C1 only: the RM and NM need little peak speed, and full JIT costs seconds of CPU at start.
        final List<String> command = new ArrayList<>(List.of(settings.java(), "-Xmx" + heap, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Djava.net.preferIPv4Stack=true"));
        command.addAll(processes.markers(component));
        command.addAll(List.of("-Dlog4j2.configurationFile=" + yarn.resolve("log4j2.xml").toUri(),
                "-Dhadoop.log.dir=" + settings.logDir(), "-Dyarn.log.dir=" + settings.logDir(),
                "-Dhadoop.home.dir=" + yarn,
                "-cp", settings.hadoopConf() + ":" + settings.lib("yarn").resolve("*"), main));
        // Containers run $JAVA_HOME/bin/java and find the grid's yarn-site.xml through HADOOP_CONF_DIR.
        return start(component, command, yarn, Map.of("JAVA_HOME", System.getProperty("java.home"),
                "HADOOP_CONF_DIR", settings.hadoopConf().toString()));
    }

    private ServiceProcess redis() throws IOException {
        final Path dir = settings.home().resolve("redis");
        Files.createDirectories(dir);
        final Path executable = RedisCommand.executable().orElseThrow(() ->
                new GridException("redis-server is not installed. Install it with: sudo apt-get update && "
                        + "sudo apt-get install -y redis-server   (then run this again).", 1));
        return start(Component.REDIS, RedisCommand.command(executable, settings.mainPort(Component.REDIS), dir,
                Persistence.APPEND_ONLY, List.of()), dir, Map.of());
    }

    private ServiceProcess cassandra() throws IOException {
        final Path dir = settings.home().resolve("cassandra");
        Files.createDirectories(dir.resolve("triggers"));
        Files.writeString(dir.resolve("cassandra.yaml"), CassandraServer.yaml("Riffle grid", dir.resolve("data"),
                settings.mainPort(Component.CASSANDRA), settings.ports(Component.CASSANDRA).get(1).port()));
        Files.writeString(dir.resolve("logback.xml"), ForkedLogging.logbackConfig());
        final List<String> tuning = new ArrayList<>(List.of("-Xms384m", "-Xmx384m", "-Xss512k"));
        tuning.addAll(processes.markers(Component.CASSANDRA));
        return start(Component.CASSANDRA, CassandraServer.command(settings.java(), settings.lib("cassandra"), dir, tuning),
                dir, Map.of());
    }

    private ServiceProcess start(final Component component, final List<String> command, final Path workDir,
                                 final Map<String, String> env) throws IOException {
        final Path log = settings.log(component);
        // The previous run's log is kept as *.log.1 so readiness checks and error tails only see this run.
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        final ServiceProcess process = ServiceProcess.startDetached("the grid's " + component.id(), command, workDir,
                log, processes.pidFile(component), env);
        processes.record(component);
        return process;
    }
}
