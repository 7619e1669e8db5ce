package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import dev.riffle.runner.config.ConfigLoader;
import dev.riffle.runner.local.LocalJobRunner;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;
import dev.riffle.testing.RedisFixture;

/**
 * The visitor counter from the shipped Redis configuration (run locally, two containers over four partitions)
 * is stopped in the middle of its input while visits keep arriving, and resumed: nothing in its state can
 * expire while it is stopped (no key of the job in Redis has an expiry, however long the stop), the final
 * count and every alert (type, moment, count, id) equal the truth computed from the events, and the visitor
 * entries left in Redis are exactly those of visitors last seen in each task's kept buckets (event-time
 * expiry: the state is bounded by the window, not by wall-clock time). Its offsets live in the checkpoint store,
 * and lag tools see them all the same: the job's Kafka consumer group holds the checkpointed positions while it
 * runs and after it stopped, read through the Admin API as {@code kafka-consumer-groups} reads them.
 */
@ExtendWith(FixturesExtension.class)
class VisitorCounterStopResumeIT {

    private static final long MINUTE = 60_000;
    private final List<VisitorJob> jobs = new ArrayList<>();

    @AfterEach
    void closeJobs() throws Exception {
        for (VisitorJob job : jobs) {
            job.close();
        }
    }

    @Test
    void shouldResumeExactlyAfterAStopWhileVisitsKeptArrivingWithNoStateThatExpiresByWallClock(
            final KafkaFixture kafka, final RedisFixture redis) throws Exception {
        final String visits = "visits-stop-resume";
        kafka.createTopic(visits, VisitorJob.PARTITIONS);
        final VisitorJob job = VisitorJob.create(kafka, "visitors-stop", "resume", visits, CountMode.VISITORS);
        jobs.add(job);
        final Map<String, String> overrides = new HashMap<>(job.config(2));
        overrides.put("job.factory", "local");
        overrides.put("stores.visitors.redis.uri", redis.uri());
        final Path config = YarnJobs.writeConfig("visitor-counter.properties", job.instance() + "-local.properties",
                overrides);
        final List<VisitGenerator.Event> all = VisitorCounterOnYarnContract.events();

        // The first half holds the burst and its threshold-crossed alert.
        final Running first = Running.start(config);
        VisitorJob.produceLive(kafka, visits, all.subList(0, 2_000), VisitorCounterOnYarnContract.CHUNK, job);
        assertThat(expiringKeys(redis, job)).as("keys of the job in Redis that expire by wall clock").isEmpty();
        assertThat(first.stop()).as("exit status of the first run").isZero();

        VisitorJob.produce(kafka, visits, all.subList(2_000, all.size()));
        final Running second = Running.start(config);
        try {
            final long end = Truth.end(VisitorCounterOnYarnContract.EVENTS);
            job.awaitFinalCount(end, Truth.visitors(VisitorCounterOnYarnContract.EVENTS, end));
            Alerts.assertExpected(job, all);
            await("the group " + job.instance() + " at the end of " + visits).atMost(YarnJobs.TIMEOUT)
                    .untilAsserted(() -> assertThat(groupOffsets(kafka, job.instance(), visits))
                            .isEqualTo(endOffsets(kafka, visits)));
            assertThat(expiringKeys(redis, job)).isEmpty();
            assertThat(visitorEntries(redis, job)).as("visitor entries left in Redis")
                    .isEqualTo(visitorsInKeptBuckets(all));
        } finally {
            assertThat(second.stop()).as("exit status of the resumed run").isZero();
        }
        assertThat(groupOffsets(kafka, job.instance(), visits)).as("the group's offsets after the stop")
                .isEqualTo(endOffsets(kafka, visits));
    }

    /** The offsets the consumer group {@code group} holds for {@code topic}, by partition. */
    private static Map<Integer, Long> groupOffsets(final KafkaFixture kafka, final String group, final String topic)
            throws Exception {
        final Map<Integer, Long> offsets = new TreeMap<>();
        kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, om) -> {
                    if (tp.topic().equals(topic) && om != null) {
                        offsets.put(tp.partition(), om.offset());
                    }
                });
        return offsets;
    }

    /** The end offset of each partition of {@code topic}. */
    private static Map<Integer, Long> endOffsets(final KafkaFixture kafka, final String topic) throws Exception {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < VisitorJob.PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        final Map<Integer, Long> ends = new TreeMap<>();
        kafka.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    /** A local run of the job on a thread of its own. */
    private record Running(LocalJobRunner runner, Thread thread, AtomicInteger status) {

        static Running start(final Path config) {
            final LocalJobRunner runner = new LocalJobRunner(new ConfigLoader(Map.of()).load(config));
            final AtomicInteger status = new AtomicInteger(-1);
            final Thread thread = new Thread(() -> status.set(runner.run()), "visitor-counter-local");
            thread.start();
            return new Running(runner, thread, status);
        }

        int stop() throws InterruptedException {
            runner.stop();
            thread.join(YarnJobs.TIMEOUT.toMillis());
            return status.get();
        }
    }

    /** Every key of the job's tasks in Redis that has a time to live. */
    private static List<String> expiringKeys(final RedisFixture redis, final VisitorJob job) {
        final List<String> expiring = new ArrayList<>();
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            for (String key : keysOf(client, job, "*")) {
                // -1: no expiry; -2: gone since KEYS listed it (the running job deletes the buckets that
                // leave the window, in event time), which is no expiry either.
                if (client.pttl(key) >= 0) {
                    expiring.add(key);
                }
            }
        }
        return expiring;
    }

    /** Per partition, the visitor ids that have a {@code v:} entry in Redis. */
    private static Map<Integer, List<String>> visitorEntries(final RedisFixture redis, final VisitorJob job) {
        final Map<Integer, List<String>> entries = new HashMap<>();
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            for (int p = 0; p < VisitorJob.PARTITIONS; p++) {
                final String prefix = "riffle:{" + job.name + ":" + job.id + ":Partition " + p + "}:visitors:d:v:";
                final List<String> ids = new ArrayList<>();
                for (String key : keysOf(client, job, "Partition " + p + "}:visitors:d:v:*")) {
                    ids.add(key.substring(prefix.length()));
                }
                ids.sort(null);
                entries.put(p, ids);
            }
        }
        return entries;
    }

    /**
     * Per partition, computed from the events alone: the visitors whose last event falls in a bucket the task
     * still keeps, from {@code bucket(newest - lateness) - window + 1} on (window 30, lateness 5 minutes).
     */
    private static Map<Integer, List<String>> visitorsInKeptBuckets(final List<VisitGenerator.Event> events) {
        final Map<Integer, List<String>> expected = new HashMap<>();
        for (int p = 0; p < VisitorJob.PARTITIONS; p++) {
            final Map<String, Long> last = new HashMap<>();
            long newest = -1;
            for (VisitGenerator.Event e : events) {
                if (Truth.partitionOf(e.visitor(), VisitorJob.PARTITIONS) == p) {
                    last.merge(e.visitor(), Math.floorDiv(e.ts(), MINUTE), Math::max);
                    newest = Math.max(newest, e.ts());
                }
            }
            final long oldestKept = Math.floorDiv(newest - 5 * MINUTE, MINUTE) - 30 + 1;
            final List<String> kept = new ArrayList<>();
            last.forEach((visitor, bucket) -> {
                if (bucket >= oldestKept) {
                    kept.add(visitor);
                }
            });
            kept.sort(null);
            expected.put(p, kept);
        }
        return expected;
    }

    private static List<String> keysOf(final RedisClient client, final VisitorJob job, final String pattern) {
        final String match = "riffle:{" + job.name + ":" + job.id + ":" + pattern;
        final List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            final ScanResult<String> page = client.scan(cursor, new ScanParams().match(match).count(1_000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
