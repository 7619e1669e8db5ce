package dev.riffle.runner.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.riffle.api.BatchTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.KafkaIo;
import dev.riffle.runner.local.LocalJobRunner;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.testing.KafkaFixture;

/**
 * Benchmark (prints numbers; not a test): Riffle's run loop with a no-op {@link BatchTask} in local
 * mode (one container) against the ceiling, a bare {@code KafkaConsumer} poll loop, over the same
 * preloaded topic (default 2,000,000 records of ~100 bytes in 4 partitions, lz4) on a real broker,
 * in alternating repetitions in one run. Both read raw bytes (Riffle with the {@code bytes} serde).
 * Rates are measured from the first record seen to the last, so client start-up is excluded (and
 * printed separately); Riffle's count includes its batching, offset commits and metrics.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl job-runner -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -Xmx1g -cp job-runner/target/test-classes:job-runner/target/classes:$(cat job-runner/target/bench.classpath) \
 *     dev.riffle.runner.bench.RunLoopBench [records] [repetitions]
 * </pre>
 */
public final class RunLoopBench {

    private static final String TOPIC = "bench-visits";
    private static final int PARTITIONS = 4;

    /** The task of the Riffle runs: does nothing with its batches. */
    public static final class NoopBatchTask implements BatchTask {
        @Override
        public void process(final List<IncomingMessage> batch, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
        }
    }

    private RunLoopBench() {
    }

    public static void main(final String[] args) throws Exception {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        final int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final KafkaFixture kafka = KafkaFixture.shared();
        kafka.createTopic(TOPIC, PARTITIONS);
        preload(kafka, records);

        final List<Double> ceiling = new ArrayList<>();
        final List<Double> riffle = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            // Alternate which one goes first, so warm-up and the machine's drift favour neither.
            if (rep % 2 == 1) {
                ceiling.add(report("ceiling (bare KafkaConsumer)", rep, onOwnThread(() -> bareConsumer(kafka, records))));
                riffle.add(report("riffle (local, 1 container, no-op BatchTask)", rep, riffleLoop(kafka, records, rep)));
            } else {
                riffle.add(report("riffle (local, 1 container, no-op BatchTask)", rep, riffleLoop(kafka, records, rep)));
                ceiling.add(report("ceiling (bare KafkaConsumer)", rep, onOwnThread(() -> bareConsumer(kafka, records))));
            }
        }
        final double c = median(ceiling);
        final double r = median(riffle);
        System.out.printf(Locale.ROOT, "%nmedian ceiling %,.0f records/s; median riffle %,.0f records/s; ratio %.2f%n",
                c, r, r / c);
        final List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            ratios.add(riffle.get(i) / ceiling.get(i));
            System.out.printf(Locale.ROOT, "repetition %d ratio %.2f%n", i + 1, ratios.get(i));
        }
        System.out.printf(Locale.ROOT, "median of the per-repetition ratios %.2f (goal >= 0.80)%n", median(ratios));
        System.exit(0);
    }

    /** Seconds from the first record to the last, and from the start to the last. */
    private record Timing(long records, long firstToLastNanos, long startToLastNanos) {
    }

    private static double report(final String what, final int rep, final Timing t) {
        final double rate = t.records() * 1e9 / t.firstToLastNanos();
        System.out.printf(Locale.ROOT, "%-48s rep %d: %,d records, %,.0f records/s first-to-last (%.2f s; %.2f s with start-up)%n",
                what, rep, t.records(), rate, t.firstToLastNanos() / 1e9, t.startToLastNanos() / 1e9);
        return rate;
    }

    private static void preload(final KafkaFixture kafka, final int records) throws Exception {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        final long start = System.nanoTime();
        final Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                final String visitor = "v-" + random.nextInt(100_000);
                final String value = "{\"visitor\":\"" + visitor + "\",\"action\":\"search\",\"ts\":"
                        + (1_764_133_975_000L + i) + ",\"page\":\"/p/" + random.nextInt(1000) + "\"}";
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, visitor.getBytes(), value.getBytes()));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "preloaded %,d records (~100 B values, lz4) into %d partitions in %.1f s%n",
                records, PARTITIONS, (System.nanoTime() - start) / 1e9);
    }

    /** Runs the ceiling on a thread of its own, like Riffle's container thread, not on main. */
    private static Timing onOwnThread(final java.util.function.Supplier<Timing> run) throws Exception {
        return CompletableFuture.supplyAsync(run).get(10, TimeUnit.MINUTES);
    }

    private static Timing bareConsumer(final KafkaFixture kafka, final int records) {
        final long start = System.nanoTime();
        // The same consumer settings Riffle's containers use, so only the loop around poll() differs.
        final Map<String, Object> config = KafkaIo.consumerProperties(JobConfig.of(Map.of(
                "job.name", "bench-ceiling", "job.id", "run" + System.nanoTime(), "task.class", "none",
                "task.inputs", TOPIC, "systems.kafka.bootstrap.servers", kafka.bootstrapServers())), "0");
        long seen = 0;
        long first = 0;
        long sink = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (seen < records) {
                final ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                if (!polled.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                for (var r : polled) {
                    sink += r.value().length; // touch every record, as a task would
                    seen++;
                }
            }
        }
        final long end = System.nanoTime();
        if (sink == 0) {
            throw new IllegalStateException("no bytes read");
        }
        return new Timing(seen, end - first, end - start);
    }

    private static Timing riffleLoop(final KafkaFixture kafka, final int records, final int rep) throws Exception {
        final Map<String, String> values = new HashMap<>();
        values.put("job.name", "bench");
        values.put("job.id", "run" + rep + "-" + System.nanoTime());
        values.put("job.factory", "local");
        values.put("job.container.count", "1");
        values.put("task.class", NoopBatchTask.class.getName());
        values.put("task.inputs", TOPIC);
        values.put("streams." + TOPIC + ".key.serde", "bytes");
        values.put("streams." + TOPIC + ".msg.serde", "bytes");
        values.put("systems.kafka.bootstrap.servers", kafka.bootstrapServers());
        final LocalJobRunner runner = new LocalJobRunner(JobConfig.of(values));
        final long start = System.nanoTime();
        final CompletableFuture<Integer> status = CompletableFuture.supplyAsync(runner::run);
        runner.awaitStarted(Duration.ofSeconds(60));
        long first = 0;
        long processed = 0;
        while (processed < records) {
            processed = 0;
            for (var loop : runner.containers()) {
                for (TaskStats task : loop.stats().tasks()) {
                    processed += task.records();
                }
            }
            if (processed > 0 && first == 0) {
                first = System.nanoTime();
            }
            if (status.isDone()) {
                throw new IllegalStateException("The Riffle job stopped early with status " + status.get());
            }
            Thread.onSpinWait();
            TimeUnit.MICROSECONDS.sleep(200);
        }
        final long end = System.nanoTime();
        runner.stop();
        final int exit = status.get(60, TimeUnit.SECONDS);
        if (exit != 0) {
            throw new IllegalStateException("The Riffle job exited with status " + exit);
        }
        return new Timing(processed, end - first, end - start);
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
