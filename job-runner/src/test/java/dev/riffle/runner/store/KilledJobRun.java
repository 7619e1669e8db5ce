package dev.riffle.runner.store;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.testing.KafkaFixture;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The crash scenario for any backend: a {@link CountingTask} job over a fresh topic runs in a child JVM
 * ({@link JobProcessMain}) that is killed with SIGKILL several times at random points of its input, then
 * runs until every record is counted and is stopped with SIGTERM. Backend ITs compare the counts it
 * returns with {@link #truth()}. The store-loss tests drive the same job step by step ({@link #startJob},
 * {@link #awaitCountedAndWitnessed}, {@link #stopJob}, {@link #awaitExit}) around a store that loses its data.
 */
public final class KilledJobRun implements AutoCloseable {

    private static final int PARTITIONS = 2;
    private static final int KEYS = 40;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final String job = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    private final KafkaFixture kafka;
    private final String topic;
    private int attempts;
    private final Random random = new Random();
    private final Map<String, Long> truth = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private int records;
    private final JobConfig config;
    private final Path configFile;
    private Process child;

    /**
     * Creates the topic, produces {@code records} records with random keys, and writes the job's config.
     *
     * @param storeSettings settings of the store {@code counts} without the prefix, with {@code factory}
     * @param exactlyOnce whether {@code counts} is the {@code task.checkpoint.store}
     */
    public KilledJobRun(KafkaFixture kafka, Map<String, String> storeSettings, boolean exactlyOnce, int records,
                        int batchSize) throws IOException {
        this.kafka = kafka;
        this.topic = job + "-visits";
        kafka.createTopic(topic, PARTITIONS);
        produce(records);
        final Map<String, String> values = new HashMap<>(Map.of("job.name", job, "job.factory", "local",
                "task.class", CountingTask.class.getName(), "task.inputs", topic,
                "systems.kafka.bootstrap.servers", kafka.bootstrapServers(),
                "task.batch.size", Integer.toString(batchSize), "task.commit.ms", "50",
                "stores.counts.value.serde", "long"));
        storeSettings.forEach((k, v) -> values.put("stores.counts." + k, v));
        if (exactlyOnce) {
            values.put("task.checkpoint.store", "counts");
        }
        config = JobConfig.of(values);
        configFile = Files.createDirectories(Path.of("target", "crash-it")).resolve(job + ".properties");
        final Properties properties = new Properties();
        properties.putAll(values);
        try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            properties.store(writer, "crash test job " + job);
        }
    }

    /** Appends {@code count} more records with random keys to the job's topic (and to the truth). */
    public void produce(int count) {
        final List<Map.Entry<String, String>> input = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String key = "visitor-" + random.nextInt(KEYS);
            input.add(Map.entry(key, "{}"));
            truth.merge(key, 1L, Long::sum);
        }
        kafka.produce(topic, input);
        records += count;
        keys.clear();
        keys.addAll(truth.keySet());
    }

    /** The name of the job (its Kafka group is {@code <name>-1}). */
    public String jobName() {
        return job;
    }

    /** The true count of every key. */
    public Map<String, Long> truth() {
        return truth;
    }

    /**
     * Kills the job {@code kills} times, each time at a random point of the next share of the input (by the
     * number of records counted in the store), then lets it count every record at least once and stops it.
     *
     * @return the counts in the store afterwards
     */
    public Map<String, Long> killRepeatedlyThenFinish(int kills) throws IOException, InterruptedException {
        for (int kill = 1; kill <= kills; kill++) {
            final long target = (long) records * kill / (kills + 1) - random.nextInt(records / (2 * (kills + 1)));
            start(++attempts);
            Awaitility.await("job " + job + " to count " + target + " records before kill " + kill)
                    .atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> alive() && total(counts()) >= target);
            child.destroyForcibly();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The job process of " + job + " survived SIGKILL for 30 s.");
            }
        }
        start(++attempts);
        Awaitility.await("job " + job + " to count every one of its " + records + " records").atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> alive() && allCounted());
        child.destroy();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The job process of " + job + " did not stop within 60 s of SIGTERM.");
        }
        return counts();
    }

    /** Starts the job in a child JVM, with {@code key=value} overrides of its configuration. */
    public void startJob(String... overrides) throws IOException {
        start(++attempts, overrides);
    }

    /**
     * Waits until the store's counts equal the truth and every task has copied its checkpoint to the job's
     * Kafka group (the evidence of an earlier run the runtime checks at the next start).
     *
     * @return the counts
     */
    public Map<String, Long> awaitCountedAndWitnessed() {
        Awaitility.await("job " + job + " to count its " + records + " records exactly").atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> alive() && counts().equals(truth));
        Awaitility.await("job " + job + " to copy a checkpoint of every task to its Kafka group").atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> alive() && witnessedPartitions() == PARTITIONS);
        return counts();
    }

    /** How many of the job's partitions have an offset in its Kafka group. */
    private long witnessedPartitions() throws Exception {
        return kafka.admin().listConsumerGroupOffsets(job + "-1").partitionsToOffsetAndMetadata().get().values()
                .stream().filter(Objects::nonNull).count();
    }

    /** Stops the job with SIGTERM (it commits) and waits for exit status 0. */
    public void stopJob() throws InterruptedException {
        child.destroy();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The job process of " + job + " did not stop within 60 s of SIGTERM.");
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("The job process of " + job + " exited with status " + child.exitValue()
                    + " after SIGTERM; see its log under " + configFile.getParent() + ".");
        }
    }

    /** How a job process ended by itself: its exit status and its log. */
    public record Exit(int status, String log) {
    }

    /** Waits for the job to exit by itself (a failure). */
    public Exit awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The job process of " + job + " still runs after " + timeout + ".");
        }
        return new Exit(child.exitValue(), Files.readString(logOf(attempts)));
    }

    /** The counts in the store, read through the store assembly from every task's namespace. */
    public Map<String, Long> counts() {
        final Map<String, Long> result = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            try (AssembledTaskStores reader = StoreAssembly.open(config, "Partition " + p, p)) {
                reader.<String, Long>store("counts").getAll(keys).forEach((k, v) -> result.merge(k, v, Long::sum));
            }
        }
        return result;
    }

    private boolean allCounted() {
        final Map<String, Long> counts = counts();
        return truth.entrySet().stream().allMatch(e -> counts.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Fails the wait at once when the child died by itself (a bad config, a crash) instead of timing out. */
    private boolean alive() {
        if (!child.isAlive()) {
            throw new IllegalStateException("The job process of " + job + " exited by itself with status "
                    + child.exitValue() + "; see its log under " + configFile.getParent() + ".");
        }
        return true;
    }

    private void start(int attempt, String... overrides) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), JobProcessMain.class.getName(), configFile.toString()));
        command.addAll(List.of(overrides));
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logOf(attempt).toFile()).start();
    }

    private Path logOf(int attempt) {
        return configFile.resolveSibling(job + "-" + attempt + ".log");
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Kills a child that is still running (after a failed test). */
    @Override
    public void close() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
