package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.store.AssembledTaskStores;
import dev.riffle.runner.store.Checkpoints;
import dev.riffle.runner.store.StoreAssembly;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;

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
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;

/**
 * A job that counts records per key runs in a child JVM that is killed with SIGKILL several times at
 * random points of its input, then runs to the end. With {@code task.checkpoint.store} the counts in Redis
 * equal the true counts exactly; without it (Kafka group offsets) they are at least the true counts,
 * because batches whose state was flushed but whose offsets were not committed are counted again.
 */
@ExtendWith(FixturesExtension.class)
class RedisCrashIT {

    private static final int PARTITIONS = 2;
    private static final int RECORDS = 120_000;
    private static final int KEYS = 40;
    private static final int KILLS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final Random random = new Random();
    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldCountExactlyOnceAcrossKilledContainersWithACheckpointStore(KafkaFixture kafka, RedisFixture redis)
            throws Exception {
        final Run run = new Run(kafka, redis, true);

        final Map<String, Long> counts = run.killRepeatedlyThenFinish();

        assertThat(counts).isEqualTo(run.truth);
    }

    @Test
    void shouldCountAtLeastOnceAcrossKilledContainersWithoutACheckpointStore(KafkaFixture kafka, RedisFixture redis)
            throws Exception {
        final Run run = new Run(kafka, redis, false);

        final Map<String, Long> counts = run.killRepeatedlyThenFinish();

        assertThat(counts.keySet()).isEqualTo(run.truth.keySet());
        run.truth.forEach((key, n) -> assertThat(counts.get(key)).as("count of %s", key).isGreaterThanOrEqualTo(n));
        final long excess = counts.values().stream().mapToLong(Long::longValue).sum() - RECORDS;
        System.out.println("At-least-once run counted " + excess + " records more than once across " + KILLS + " kills.");
    }

    /** One job: its topic, config, true counts and the child processes that run it. */
    private final class Run {
        final String job = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        final String topic = job + "-visits";
        final Map<String, Long> truth = new HashMap<>();
        final RedisFixture redis;
        final boolean exactlyOnce;
        final JobConfig config;
        final Path configFile;
        final List<String> keys = new ArrayList<>();

        Run(KafkaFixture kafka, RedisFixture redis, boolean exactlyOnce) throws IOException {
            this.redis = redis;
            this.exactlyOnce = exactlyOnce;
            kafka.createTopic(topic, PARTITIONS);
            final List<Map.Entry<String, String>> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                final String key = "visitor-" + random.nextInt(KEYS);
                records.add(Map.entry(key, "{}"));
                truth.merge(key, 1L, Long::sum);
            }
            kafka.produce(topic, records);
            keys.addAll(truth.keySet());
            final Map<String, String> values = new HashMap<>(Map.of("job.name", job, "job.factory", "local",
                    "task.class", CountingTask.class.getName(), "task.inputs", topic,
                    "systems.kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "task.batch.size", "100", "task.commit.ms", "50",
                    "stores.counts.factory", "redis", "stores.counts.redis.uri", redis.uri(),
                    "stores.counts.value.serde", "long"));
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

        Map<String, Long> killRepeatedlyThenFinish() throws Exception {
            for (int kill = 1; kill <= KILLS; kill++) {
                // A random point in the kill-th quarter of the input.
                final long target = RECORDS * kill / (KILLS + 1) - random.nextInt(RECORDS / (2 * (KILLS + 1)));
                start(kill);
                Awaitility.await("job " + job + " to count " + target + " records before kill " + kill)
                        .atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(20))
                        .until(() -> alive() && total(counts()) >= target);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed child exits").isTrue();
            }
            start(KILLS + 1);
            Awaitility.await("job " + job + " to process all " + RECORDS + " records").atMost(RUN_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive() && (exactlyOnce ? checkpointed() >= RECORDS : allCounted()));
            child.destroy();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child stops on SIGTERM").isTrue();
            return counts();
        }

        /** Fails the wait at once when the child died by itself (a bad config, a crash) instead of timing out. */
        private boolean alive() {
            if (!child.isAlive()) {
                throw new IllegalStateException("The job process of " + job + " exited by itself with status "
                        + child.exitValue() + "; see its log under " + configFile.getParent() + ".");
            }
            return true;
        }

        private void start(int attempt) throws IOException {
            final Path log = configFile.resolveSibling(job + "-" + attempt + ".log");
            child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), JobProcessMain.class.getName(),
                    configFile.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        /** The counts in Redis, read through the store assembly from every task's namespace. */
        Map<String, Long> counts() {
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

        /** Records covered by the tasks' checkpoints, read directly at the documented Redis keys. */
        private long checkpointed() {
            long total = 0;
            try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    final byte[] stored = client.get(("riffle:{" + job + ":1:Partition " + p + "}:counts:checkpoint")
                            .getBytes(StandardCharsets.UTF_8));
                    if (stored != null) {
                        total += Checkpoints.decode(stored, "task " + p).getOrDefault(new TopicPartition(topic, p), 0L);
                    }
                }
            }
            return total;
        }

        private long total(Map<String, Long> counts) {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
