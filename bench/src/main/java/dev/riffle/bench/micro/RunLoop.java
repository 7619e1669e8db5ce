package dev.riffle.bench.micro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import dev.riffle.api.BatchTask;
import dev.riffle.bench.Preloader;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.io.KafkaIo;
import dev.riffle.runner.local.LocalJobRunner;
import dev.riffle.runner.metrics.TaskStats;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Riffle's run loop with a no-op {@link BatchTask} in local
 * mode (one container) against the ceiling, a bare {@code KafkaConsumer} poll loop, over the same
 * preloaded topic (default 2,000,000 of the bench's visits, ~95 bytes, in 4 partitions, lz4) on a real broker,
 * in alternating repetitions in one run. Both read raw bytes (Riffle with the {@code bytes} serde).
 * Rates are measured from the first record seen to the last, so client start-up is excluded (and
 * printed separately); Riffle's count includes its batching, offset commits and metrics.
 *
 * Prints numbers; asserts nothing.
 */
@Command(name = "run-loop", mixinStandardHelpOptions = true,
        description = "Riffle's run loop with a no-op task against a bare KafkaConsumer, on the same preloaded topic.")
public final class RunLoop implements Callable<Integer> {

    /** Each invocation preloads a fresh topic, so runs never read each other's records. */
    private static final String TOPIC_PREFIX = "bench-run-loop-";
    private static final int PARTITIONS = 4;

    /** The task of the Riffle runs: does nothing with its batches. */
    public static final class NoopBatchTask implements BatchTask {
        @Override
        public void process(final List<IncomingMessage> batch, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
        }
    }

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap = "127.0.0.1:9092";

    @Option(names = "--records", description = "Records to preload (default: ${DEFAULT-VALUE}).")
    int records = 2_000_000;

    @Option(names = "--repetitions", description = "Runs of each, alternating the order (default: ${DEFAULT-VALUE}).")
    int repetitions = 3;

    @Override
    public Integer call() throws Exception {
        final String topic = TOPIC_PREFIX + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Preloader.preload(bootstrap, topic, records);

        final List<Double> ceiling = new ArrayList<>();
        final List<Double> riffle = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            // Alternate which one goes first, so warm-up and the machine's drift favour neither.
            if (rep % 2 == 1) {
                ceiling.add(report("ceiling (bare KafkaConsumer)", rep, onOwnThread(() -> bareConsumer(topic))));
                riffle.add(report("riffle (local, 1 container, no-op BatchTask)", rep, riffleLoop(topic, rep)));
            } else {
                riffle.add(report("riffle (local, 1 container, no-op BatchTask)", rep, riffleLoop(topic, rep)));
                ceiling.add(report("ceiling (bare KafkaConsumer)", rep, onOwnThread(() -> bareConsumer(topic))));
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
        return 0;
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

    /** Runs the ceiling on a thread of its own, like Riffle's container thread, not on main. */
    private static Timing onOwnThread(final java.util.function.Supplier<Timing> run) throws Exception {
        return CompletableFuture.supplyAsync(run).get(10, TimeUnit.MINUTES);
    }

    private Timing bareConsumer(final String topic) {
        final long start = System.nanoTime();
        // The same consumer settings Riffle's containers use, so only the loop around poll() differs.
        final Map<String, Object> config = KafkaIo.consumerProperties(JobConfig.of(Map.of(
                "job.name", "bench-ceiling", "job.id", "run" + System.nanoTime(), "task.class", "none",
                "task.inputs", topic, "systems.kafka.bootstrap.servers", bootstrap)), "0");
        long seen = 0;
        long first = 0;
        long sink = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
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

    private Timing riffleLoop(final String topic, final int rep) throws Exception {
        final Map<String, String> values = new HashMap<>();
        values.put("job.name", "bench");
        values.put("job.id", "run" + rep + "-" + System.nanoTime());
        values.put("job.factory", "local");
        values.put("job.container.count", "1");
        values.put("task.class", NoopBatchTask.class.getName());
        values.put("task.inputs", topic);
        values.put("streams." + topic + ".key.serde", "bytes");
        values.put("streams." + topic + ".msg.serde", "bytes");
        values.put("systems.kafka.bootstrap.servers", bootstrap);
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
