package dev.riffle.examples.visitors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/produce-visits.sh}: sends deterministic synthetic visits to Kafka. */
@Command(name = "produce-visits.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends deterministic synthetic visit events (JSON, keyed by visitor id) to Kafka.",
                "The same options always produce the same visitors and actions; with --start-ts also the same times."},
        exitCodeOnInvalidInput = 2)
public final class ProduceVisits implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "-1", description = "Number of events to send (required unless --create-topics).")
    long count;

    @Option(names = "--create-topics", description = "Create every topic of the visitor counter that is missing"
            + " (visits with --partitions, visitor-partials, visitor-counts, visitor-alerts, dead letters), then send"
            + " --count events if given.")
    boolean createTopics;

    @Option(names = "--rate", defaultValue = "0", description = "Events per second; 0 sends as fast as possible (default).")
    double rate;

    @Option(names = "--visitors", defaultValue = "10000", description = "Size of the visitor population (default ${DEFAULT-VALUE}).")
    int visitors;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--topic", defaultValue = "visits", description = "Topic (default ${DEFAULT-VALUE}); created when missing.")
    String topic;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the topic when it is created (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--start-ts", description = "Event time of the first event, epoch ms (default: now).")
    Long startTs;

    @Option(names = "--step-ms", defaultValue = "10", description = "Event time between events, ms (default ${DEFAULT-VALUE}).")
    long stepMs;

    @Option(names = "--burst", paramLabel = "AT:SIZE",
            description = "From event AT on, SIZE events come from new visitors, so the count jumps at a known moment.")
    String burst;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (createTopics) {
            final VisitorTopics topics = new VisitorTopics();
            topics.partitions = partitions;
            topics.jobName = "visitor-counter";
            topics.bootstrapServers = bootstrapServers;
            final int status = topics.call();
            if (status != 0 || count < 0) {
                return status;
            }
        } else if (count < 0) {
            System.err.println("--count is required (or --create-topics). See --help.");
            return 2;
        }
        long burstAt = -1;
        long burstSize = 0;
        if (burst != null) {
            final String[] parts = burst.split(":");
            try {
                burstAt = Long.parseLong(parts[0]);
                burstSize = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                System.err.println("--burst must be AT:SIZE, e.g. --burst 5000:800, not '" + burst + "'");
                return 2;
            }
        }
        final VisitGenerator generator;
        try {
            generator = new VisitGenerator(new VisitGenerator.Options(count, visitors, seed,
                    startTs == null ? System.currentTimeMillis() : startTs, stepMs, burstAt, burstSize));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ensureTopic();
        return send(generator);
    }

    private void ensureTopic() throws InterruptedException {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            final Set<String> topics = admin.listTopics().names().get();
            if (!topics.contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                System.out.printf("Created topic %s with %d partitions.%n", topic, partitions);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not reach Kafka at " + bootstrapServers
                        + " to check topic " + topic + ": " + e.getCause().getMessage()
                        + ". Is it running? (scripts/grid status)", e.getCause());
            }
        }
    }

    private int send(VisitGenerator generator) throws InterruptedException {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final long started = System.nanoTime();
        long sent = 0;
        long lastReport = started;
        long firstTs = -1;
        long lastTs = -1;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (VisitGenerator.Event event : generator) {
                if (failure.get() != null) {
                    break;
                }
                if (rate > 0) {
                    final long due = started + (long) (sent * 1e9 / rate);
                    final long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topic, event.visitor(), event.json().getBytes(StandardCharsets.UTF_8)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                if (firstTs < 0) {
                    firstTs = event.ts();
                }
                lastTs = event.ts();
                sent++;
                final long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L) {
                    System.out.printf("  ... %,d of %,d events sent%n", sent, count);
                    lastReport = now;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            System.err.println("Sending to " + topic + " failed after " + sent + " events: " + failure.get().getMessage());
            return 1;
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Sent %,d events to %s in %.1f s (%,.0f/s): seed %d, %d visitors, event time %d .. %d%s.%n",
                sent, topic, seconds, sent / Math.max(seconds, 1e-9), seed, visitors, firstTs, lastTs,
                burst == null ? "" : ", burst " + burst);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProduceVisits()).execute(args));
    }
}
