package dev.riffle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The peer: the visitor count written with Kafka Streams' Processor API. Sub-topology 1 reads the
 * visits topic (one task per partition, {@link StreamsShareProcessor}, RocksDB state with caching and
 * changelogs) and writes shares to a one-partition topic; sub-topology 2 reads that topic in one task
 * ({@link StreamsAggregateProcessor}) and publishes the count. Commit interval 1000 ms as Riffle's
 * {@code task.commit.ms}; record caches on (10 MiB); 1 or 2 stream threads by mode.
 */
final class StreamsRun {

    private static final long BUCKET_MS = 60_000;
    private static final int WINDOW_BUCKETS = 30;
    private static final long LATENESS_MS = 5 * 60_000;

    private StreamsRun() {
    }

    static Topology topology(final String visits, final String shares, final String counts, final String alerts) {
        final Topology topology = new Topology();
        topology.addSource("visits", new ByteArrayDeserializer(), new ByteArrayDeserializer(), visits);
        topology.addProcessor("count", () -> new StreamsShareProcessor(BUCKET_MS, WINDOW_BUCKETS, LATENESS_MS), "visits");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsShareProcessor.LAST_SEEN),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), "count");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsShareProcessor.BUCKETS),
                Serdes.Long(), Serdes.Long()).withCachingEnabled(), "count");
        topology.addSink("shares-out", shares, new StringSerializer(), new StringSerializer(), "count");

        topology.addSource("shares-in", new StringDeserializer(), new StringDeserializer(), shares);
        topology.addProcessor("aggregate", () -> new StreamsAggregateProcessor(BUCKET_MS, WINDOW_BUCKETS, 100_000, visits),
                "shares-in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsAggregateProcessor.SHARES),
                Serdes.Integer(), Serdes.String()).withCachingEnabled(), "aggregate");
        topology.addSink(StreamsAggregateProcessor.COUNTS_SINK, counts, new StringSerializer(), new StringSerializer(),
                "aggregate");
        topology.addSink(StreamsAggregateProcessor.ALERTS_SINK, alerts, new StringSerializer(), new StringSerializer(),
                "aggregate");
        return topology;
    }

    static RunResult run(final RunSpec spec) throws Exception {
        final long start = System.nanoTime();
        final String prefix = spec.topic() + "-ks-" + spec.runId();
        final String shares = prefix + "-shares";
        final String counts = prefix + "-counts";
        final String alerts = prefix + "-alerts";
        try (Topics topics = new Topics(spec.bootstrap())) {
            topics.create(shares, 1, spec.isLatencyRun() ? Topics.LOG_APPEND_TIME : Map.of());
            topics.create(counts, 1);
            topics.create(alerts, 1);
        }
        final Path stateDir = Files.createTempDirectory("riffle-bench-ks-");
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, spec.mode() == Mode.STREAMS2 ? 2 : 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10 * 1024 * 1024L);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        final AtomicBoolean failed = new AtomicBoolean();
        final KafkaStreams streams = new KafkaStreams(topology(spec.topic(), shares, counts, alerts), props);
        streams.setUncaughtExceptionHandler(e -> {
            failed.set(true);
            System.err.println("Kafka Streams run " + prefix + " failed: " + e);
            e.printStackTrace();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        StreamsShareProcessor.COUNTED.reset();
        streams.start();
        LatencyProbe probe = null;
        try {
            if (spec.isLatencyRun()) {
                awaitRunning(streams, prefix);
                probe = LatencyProbe.of(spec, shares);
            }
            final RunResult result = ProgressClock.await(start, spec.events(), StreamsShareProcessor.COUNTED::sum,
                    failed::get, spec.timeoutSeconds());
            return probe == null ? result : result.withLatency(probe.measure());
        } finally {
            if (probe != null) {
                probe.close();
            }
            streams.close(Duration.ofSeconds(60));
            streams.cleanUp();
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Waits for the first rebalance to end, so the paced events do not queue behind it. */
    private static void awaitRunning(final KafkaStreams streams, final String prefix) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams run " + prefix + " was not RUNNING after 120 s but "
                        + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
