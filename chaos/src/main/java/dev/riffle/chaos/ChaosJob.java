package dev.riffle.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The visitor counter as a run submits it: a shipped config ({@code config/visitor-counter.properties} or
 * its Cassandra twin) with the run's own job id, topics, services and alert threshold on top, submitted
 * with {@code scripts/run-job.sh} and stopped with {@code scripts/kill-job.sh}, as an operator does.
 */
final class ChaosJob {

    private static final Pattern APPLICATION = Pattern.compile("application_\\d+_\\d+");

    final String jobName;
    final String jobId;
    final String visits;
    final String partials;
    final String counts;
    final String alerts;
    final String deadLetters;
    final int partitions;
    final int containers;
    final long threshold;
    final String rearmFraction;
    private final Map<String, String> config;
    private String applicationId;

    private ChaosJob(final String runId, final Map<String, String> config, final int partitions, final long threshold,
            final String rearmFraction) {
        this.config = config;
        this.jobName = config.getOrDefault("job.name", "visitor-counter");
        this.jobId = "chaos-" + runId;
        final String prefix = "chaos-" + runId + "-";
        this.visits = prefix + "visits";
        this.partials = prefix + "partials";
        this.counts = prefix + "counts";
        this.alerts = prefix + "alerts";
        this.deadLetters = prefix + "dead-letters";
        this.partitions = partitions;
        this.containers = Integer.parseInt(config.getOrDefault("job.container.count", "1").trim());
        this.threshold = threshold;
        this.rearmFraction = rearmFraction;
    }

    /**
     * The job of a run: {@code baseConfig} (a .properties file), the run's keys, then {@code overrides}
     * (the user's {@code --config key=value}) on top.
     */
    static ChaosJob of(final String runId, final Path baseConfig, final Grid grid, final String store, final int partitions,
            final long threshold, final String rearmFraction, final Map<String, String> overrides) throws IOException {
        final Properties base = new Properties();
        try (InputStream in = Files.newInputStream(baseConfig)) {
            base.load(in);
        }
        final Map<String, String> config = new TreeMap<>();
        base.forEach((k, v) -> config.put(k.toString(), v.toString()));
        final ChaosJob probe = new ChaosJob(runId, config, partitions, threshold, rearmFraction);
        config.put("job.id", probe.jobId);
        config.put("systems.kafka.bootstrap.servers", grid.kafka());
        config.put("task.inputs", probe.visits + "," + probe.partials);
        config.put("task.dead-letter.topic", probe.deadLetters);
        config.put("visitors.input.topic", probe.visits);
        config.put("visitors.partials.topic", probe.partials);
        config.put("visitors.counts.topic", probe.counts);
        config.put("visitors.alerts.topic", probe.alerts);
        config.put("visitors.threshold", Long.toString(threshold));
        config.put("visitors.rearm.fraction", rearmFraction);
        if ("redis".equals(store)) {
            config.put("stores.visitors.redis.uri", grid.redisUri());
        } else {
            config.put("stores.visitors.cassandra.contact-points", grid.cassandra());
        }
        config.putAll(overrides);
        return new ChaosJob(runId, config, partitions, threshold, rearmFraction);
    }

    /** {@code <job.name>-<job.id>}: the key of the live counts and the prefix of the alert ids. */
    String instance() {
        return jobName + "-" + jobId;
    }

    String applicationId() {
        return applicationId;
    }

    String config(final String key, final String fallback) {
        return config.getOrDefault(key, fallback);
    }

    /** Creates the run's topics: the visits with {@link #partitions} partitions, the others with one. */
    void createTopics(final String bootstrapServers) throws InterruptedException {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            final List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic(visits, partitions, (short) 1)));
            for (String single : List.of(partials, counts, alerts, deadLetters)) {
                topics.add(new NewTopic(single, 1, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the run's topics on " + bootstrapServers + ": " + e, e);
        }
    }

    /**
     * Writes the config to {@code runDir/job.properties}, copies the package there (YARN fails an
     * application whose package file changes while it runs, as a rebuild would do), and submits with
     * {@code scripts/run-job.sh --wait}.
     */
    void submit(final Commands commands, final Path runDir, final Path jobPackage) throws IOException {
        final Path file = runDir.resolve("job.properties");
        final StringBuilder text = new StringBuilder("# The visitor counter as scripts/chaos.sh submitted it.\n");
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        final Path copy = runDir.resolve(jobPackage.getFileName());
        Files.copy(jobPackage, copy, StandardCopyOption.REPLACE_EXISTING);
        final Commands.Result result = commands.run(Duration.ofMinutes(5), "scripts/run-job.sh", "--config-path",
                file.toString(), "--package", copy.toString(), "--wait");
        final Matcher m = APPLICATION.matcher(result.output());
        if (m.find()) {
            applicationId = m.group();
        }
        if (!result.ok() || applicationId == null) {
            throw new IllegalStateException("scripts/run-job.sh did not start the job (exit " + result.exit() + "):\n"
                    + result.output().strip());
        }
    }

    /** Stops the job with {@code scripts/kill-job.sh}; returns its output when it failed, else "". */
    String kill(final Commands commands) {
        if (applicationId == null) {
            return "";
        }
        final Commands.Result result = commands.run(Duration.ofMinutes(2), "scripts/kill-job.sh", applicationId);
        return result.ok() ? "" : result.output().strip();
    }
}
