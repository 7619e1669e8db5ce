package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;
import dev.riffle.testing.YarnFixture;

/**
 * Bad input and bad configuration of the visitor counter on YARN, Kafka and Redis: each bad event
 * lands in {@code visitor-counter-dead-letters} with its reason while counting continues, and a
 * negative window or threshold stops {@code scripts/run-job.sh} with exit status 2 before anything is
 * submitted.
 */
@ExtendWith(FixturesExtension.class)
class VisitorCounterBadInputIT {

    private static final long MINUTE = 60_000;
    private static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();

    private static KafkaFixture kafka;
    private static RedisFixture redis;
    private static YarnFixture yarnFixture;
    private static YarnJobs yarn;

    @BeforeAll
    static void start(final KafkaFixture kafkaFixture, final RedisFixture redisFixture, final YarnFixture yarnCluster) {
        kafka = kafkaFixture;
        redis = redisFixture;
        yarnFixture = yarnCluster;
        yarn = new YarnJobs(yarnCluster);
    }

    @AfterAll
    static void stop() throws Exception {
        yarn.close();
    }

    @Test
    void shouldDeadLetterEachBadEventWithItsReasonAndKeepCounting() throws Exception {
        // One partition: lateness is judged against the newest event time of the event's own partition.
        final String visits = "visits-bad-input";
        kafka.createTopic(visits, 1);
        final String tag = "bad-input-" + Long.toString(System.nanoTime(), 36);
        try (VisitorJob job = VisitorJob.create(kafka, "visitor-counter", "bad-input", visits, CountMode.VISITORS);
                TopicTail deadLetters = new TopicTail(kafka, "visitor-counter-dead-letters")) {
            final Map<String, String> overrides = new HashMap<>(job.config(1));
            overrides.put("stores.visitors.redis.uri", redis.uri());
            final ApplicationId app = yarn.submit(
                    YarnJobs.writeConfig("visitor-counter.properties", job.instance() + ".properties", overrides));
            final long start = VisitorJob.START;
            kafka.produce(visits, List.of(
                    Map.entry("k", visit("v-1", start)),
                    Map.entry("k", visit("v-2", start + 20 * MINUTE))));
            job.awaitFinalCount(start + 20 * MINUTE, 2);

            final Map<String, String> bad = Map.of(
                    "late", "{\"visitor\":\"v-late\",\"ts\":" + (start + MINUTE) + ",\"tag\":\"" + tag + "\"}",
                    "malformed-json", "{\"visitor\":\"" + tag + "\",\"ts\":",
                    "missing-visitor", "{\"ts\":" + (start + 20 * MINUTE) + ",\"tag\":\"" + tag + "\"}",
                    "missing-ts", "{\"visitor\":\"v-3\",\"tag\":\"" + tag + "\"}",
                    "bad-ts", "{\"visitor\":\"v-4\",\"ts\":\"soon\",\"tag\":\"" + tag + "\"}",
                    "too-large", "{\"visitor\":\"v-5\",\"ts\":" + (start + 20 * MINUTE) + ",\"tag\":\"" + tag
                            + "\",\"pad\":\"" + "x".repeat(5_000) + "\"}",
                    // Microseconds: read as milliseconds, tens of thousands of years ahead of the record's time.
                    "future", "{\"visitor\":\"v-7\",\"ts\":" + (start + 20 * MINUTE) * 1_000 + ",\"tag\":\"" + tag + "\"}");
            kafka.produce(visits, bad.values().stream().map(v -> Map.entry("k", v)).toList());
            kafka.produce(visits, List.of(Map.entry("k", visit("v-6", start + 21 * MINUTE))));

            // v-1, v-2 and v-6: counting went on past the bad events (a future one would have made v-6 late).
            job.awaitFinalCount(start + 21 * MINUTE, 3);
            await("seven dead letters tagged " + tag).atMost(YarnJobs.TIMEOUT).until(() -> tagged(deadLetters, tag).size() == 7);
            final Map<String, String> reasons = new HashMap<>();
            for (TopicTail.Record r : tagged(deadLetters, tag)) {
                reasons.put(r.headers().get("riffle.error.reason"), r.value());
            }
            assertThat(reasons).isEqualTo(bad);
            await("the dead-lettered count on the status page").atMost(YarnJobs.TIMEOUT)
                    .until(() -> yarn.containerMetric(app, "0", "dead-lettered") == 7);
        }
    }

    @Test
    void shouldExitWithStatusTwoNamingTheKeyAndSubmitNothingOnABadWindowThresholdOrRedisUri() throws Exception {
        final int appsBefore = yarn.applicationCount();
        // The Redis key is declared by the redis backend, which the client finds among the built backends.
        for (String bad : List.of("visitors.window.minutes=-5", "visitors.threshold=-1",
                "stores.visitors.redis.uri=http://127.0.0.1:6379")) {
            final ProcessBuilder builder = new ProcessBuilder("bash", "scripts/run-job.sh",
                    "--config-path", "config/visitor-counter.properties", "--config", bad,
                    "--package", YarnJobs.jobPackage().toString())
                    .directory(REPO.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "run-job-bad-config.log").toFile());
            // The task class on the client's classpath lets run-job check the task's own keys; the
            // MiniYARNCluster is where a submission would go.
            builder.environment().put("RIFFLE_CLASSPATH", Path.of("target", "classes").toAbsolutePath().toString());
            builder.environment().put("HADOOP_CONF_DIR", yarnFixture.hadoopConfDir().toString());
            final Process p = builder.start();
            p.getOutputStream().close();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("run-job.sh with %s ends", bad).isTrue();
            final String output = java.nio.file.Files.readString(Path.of("target", "run-job-bad-config.log"),
                    StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit status with %s; output:%n%s", bad, output).isEqualTo(2);
            assertThat(output).contains(bad.substring(0, bad.indexOf('=')));
        }
        assertThat(yarn.applicationCount()).as("applications after the rejected submissions").isEqualTo(appsBefore);
    }

    private static String visit(final String visitor, final long ts) {
        return "{\"visitor\":\"" + visitor + "\",\"ts\":" + ts + "}";
    }

    private static List<TopicTail.Record> tagged(final TopicTail tail, final String tag) {
        return tail.records().stream().filter(r -> r.value() != null && r.value().contains(tag)).toList();
    }
}
