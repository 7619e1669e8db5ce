package dev.riffle.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.riffle.examples.visitors.VisitorCounterTask;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.local.LocalJobRunner;
import dev.riffle.runner.metrics.TaskStats;

/**
 * The visitor counter in Riffle's local mode (two containers in this JVM, as in
 * {@code config/visitor-counter-local.properties}) with the memory, Redis or Cassandra store. The job
 * instance ({@code job.id}) and its partials, counts and alerts topics are new for every run, so state
 * starts empty. The run ends when the tasks' {@code events-counted} counters reach the preloaded
 * number of events.
 */
final class RiffleRun {

    private RiffleRun() {
    }

    static Map<String, String> jobConfig(final RunSpec spec) {
        final String partials = spec.topic() + "-partials-" + spec.runId();
        final Map<String, String> values = new HashMap<>();
        values.put("job.name", "bench-visitors");
        values.put("job.id", spec.runId());
        values.put("job.factory", "local");
        values.put("job.container.count", "2");
        values.put("task.class", VisitorCounterTask.class.getName());
        values.put("task.inputs", spec.topic() + "," + partials);
        values.put("task.batch.size", Integer.toString(spec.batchSize()));
        values.put("task.batch.wait.ms", "50");
        values.put("task.window.ms", "1000");
        values.put("task.commit.ms", "1000");
        values.put("task.checkpoint.store", "visitors");
        values.put("task.error.policy", "dead-letter");
        values.put("task.dead-letter.topic", spec.topic() + "-dead-" + spec.runId());
        values.put("streams." + spec.topic() + ".msg.serde", "bytes");
        values.put("systems.kafka.bootstrap.servers", spec.bootstrap());
        switch (spec.mode()) {
            case MEMORY -> values.put("stores.visitors.factory", "memory");
            case REDIS -> {
                values.put("stores.visitors.factory", "redis");
                values.put("stores.visitors.redis.uri", spec.redisUri());
                // As config/visitor-counter.properties.
                values.put("stores.visitors.cache.entries", "100000");
            }
            case YARN -> {
                // As config/visitor-counter.properties: 2 containers of 512 MB running -Xmx128m serial-GC JVMs.
                values.put("job.factory", "yarn");
                values.put("task.opts", "-Xmx128m -XX:+UseSerialGC");
                values.put("yarn.container.memory.mb", "512");
                values.put("yarn.am.memory.mb", "512");
                values.put("stores.visitors.factory", "redis");
                values.put("stores.visitors.redis.uri", spec.redisUri());
                values.put("stores.visitors.cache.entries", "100000");
            }
            case CASSANDRA -> {
                values.put("stores.visitors.factory", "cassandra");
                values.put("stores.visitors.cassandra.contact-points", spec.cassandra());
                values.put("stores.visitors.cassandra.local-datacenter", "datacenter1");
                values.put("stores.visitors.cassandra.keyspace", "riffle_bench");
                // As config/visitor-counter-cassandra.properties.
                values.put("stores.visitors.cache.entries", "100000");
            }
            default -> throw new IllegalArgumentException(spec.mode().label() + " is not a Riffle mode");
        }
        values.put("visitors.count", "visitors");
        values.put("visitors.window.minutes", "30");
        values.put("visitors.bucket.seconds", "60");
        values.put("visitors.allowed.lateness.minutes", "5");
        values.put("visitors.threshold", "100000");
        values.put("visitors.input.topic", spec.topic());
        values.put("visitors.partials.topic", partials);
        values.put("visitors.counts.topic", spec.topic() + "-counts-" + spec.runId());
        values.put("visitors.alerts.topic", spec.topic() + "-alerts-" + spec.runId());
        values.putAll(spec.riffleConfig());
        return values;
    }

    /** Creates the job's own topics: partials (LogAppendTime in a latency run), counts, alerts, dead letters. */
    static void createTopics(final RunSpec spec, final Map<String, String> values) throws InterruptedException {
        try (Topics topics = new Topics(spec.bootstrap())) {
            topics.create(values.get("visitors.partials.topic"), 1,
                    spec.isLatencyRun() ? Topics.LOG_APPEND_TIME : Map.of());
            topics.create(values.get("visitors.counts.topic"), 1);
            topics.create(values.get("visitors.alerts.topic"), 1);
            topics.create(values.get("task.dead-letter.topic"), 1);
        }
    }

    static RunResult run(final RunSpec spec) throws Exception {
        final long start = System.nanoTime();
        final Map<String, String> values = jobConfig(spec);
        createTopics(spec, values);
        final LocalJobRunner runner = new LocalJobRunner(JobConfig.of(values));
        final CompletableFuture<Integer> status = CompletableFuture.supplyAsync(runner::run);
        if (!runner.awaitStarted(Duration.ofSeconds(120))) {
            throw new IllegalStateException("The local job " + spec.runId() + " did not start within 120 s");
        }
        final LatencyProbe probe = spec.isLatencyRun() ? LatencyProbe.of(spec, values.get("visitors.partials.topic")) : null;
        RunResult result;
        try {
            result = ProgressClock.await(start, spec.events(), () -> counted(runner), status::isDone,
                    spec.timeoutSeconds());
            if (probe != null) {
                result = result.withLatency(probe.measure());
            }
        } finally {
            if (probe != null) {
                probe.close();
            }
        }
        runner.stop();
        final int exit = status.get(120, TimeUnit.SECONDS);
        if (exit != 0) {
            throw new IllegalStateException("The local job " + spec.runId() + " exited with status " + exit);
        }
        return result;
    }

    private static long counted(final LocalJobRunner runner) {
        long total = 0;
        for (ContainerLoop loop : runner.containers()) {
            for (TaskStats task : loop.stats().tasks()) {
                total += task.counter("events-counted");
            }
        }
        return total;
    }
}
