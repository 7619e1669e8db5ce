package dev.riffle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.riffle.grid.service.ForkedLogging;
import dev.riffle.grid.service.KafkaServer;
import dev.riffle.grid.service.ServiceProcess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka 4.4 broker (KRaft, one node acting as broker and controller) in its own JVM, run from
 * {@code grid/kafka/target/lib} on free ports, with its data and log under
 * {@code target/fixtures/kafka-<n>/}. One shared instance per test JVM: {@link #shared()} or a
 * {@code KafkaFixture} parameter with {@link FixturesExtension}.
 */
public final class KafkaFixture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFixture.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    /** The broker's command line, to start it again after {@link #stop()}. */
    private final List<String> command;
    private final Admin admin;
    private volatile ServiceProcess broker;
    private int restarts;

    private KafkaFixture(final Path dir, final int port, final List<String> command, final ServiceProcess broker,
                         final Admin admin) {
        this.dir = dir;
        this.port = port;
        this.command = command;
        this.broker = broker;
        this.admin = admin;
    }

    /** The broker shared by every test in this JVM, started on first use. */
    public static KafkaFixture shared() {
        return SharedFixtures.get(KafkaFixture.class, () -> launch(Map.of()));
    }

    /**
     * A broker of the caller's own, with {@code brokerProperties} over the shared broker's settings
     * (e.g. {@code auto.create.topics.enable=false}); the caller closes it.
     */
    public static KafkaFixture dedicated(final Map<String, String> brokerProperties) {
        return launch(brokerProperties);
    }

    private static KafkaFixture launch(final Map<String, String> overrides) {
        final long began = System.nanoTime();
        final Path lib = FixturePaths.gridLib("kafka");
        final Path dir = FixturePaths.claimDir("kafka");
        final int port = FreePorts.next();
        final int controllerPort = FreePorts.next();
        final Path properties = dir.resolve("server.properties");
        final Path log4j = dir.resolve("log4j2.xml");
        try {
            Files.writeString(properties, KafkaServer.serverProperties(dir.resolve("data"), port, controllerPort, overrides));
            Files.writeString(log4j, ForkedLogging.log4j2Config("kafka"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka broker's configuration into " + dir, e);
        }
        // C1 only: a test broker serves little traffic, and full JIT would compete for 2 cores.
        final List<String> java = KafkaServer.java(FixturePaths.javaExecutable(), lib, log4j,
                List.of("-XX:TieredStopAtLevel=1"));
        final List<String> format = KafkaServer.formatCommand(java, Uuid.randomUuid().toString(), properties);
        final ServiceProcess formatter = ServiceProcess.start("the Kafka storage formatter", format, dir,
                dir.resolve("format.log"), Map.of());
        formatter.awaitExit(Duration.ofSeconds(60));

        final List<String> start = KafkaServer.startCommand(java, properties);
        final ServiceProcess broker = ServiceProcess.start("the Kafka broker", start, dir, dir.resolve("kafka.log"), Map.of());
        Admin admin = null;
        try {
            admin = KafkaServer.admin(port, ADMIN_TIMEOUT);
            awaitUp(broker, admin);
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            broker.stop(STOP_GRACE);
            throw e;
        }
        LOG.info("Started the Kafka broker (PID {}) at 127.0.0.1:{} in {} ms; its log is {}.",
                broker.pid(), port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), broker.logFile());
        return new KafkaFixture(dir, port, start, broker, admin);
    }

    private static void awaitUp(final ServiceProcess broker, final Admin admin) {
        broker.awaitReady("to log '" + KafkaServer.READY_LINE + "'", START_TIMEOUT,
                () -> broker.logContains(KafkaServer.READY_LINE));
        broker.awaitReady("to answer an Admin describeCluster", START_TIMEOUT, () ->
                KafkaServer.describeCluster(admin, Duration.ofSeconds(2)) != null);
    }

    /**
     * Takes the broker down (SIGTERM, SIGKILL after 15 s), for outage tests. Its data stays; {@link #start()}
     * brings it back on the same port. Every other test of this JVM shares the broker: start it again.
     */
    public synchronized void stop() {
        broker.stop(STOP_GRACE);
        LOG.info("Stopped the Kafka broker at 127.0.0.1:{} on request of a test; its data stays in {}.", port, dir);
    }

    /** Starts the broker again after {@link #stop()}, on the same ports with the same data, and waits until it answers. */
    public synchronized void start() {
        if (broker.isAlive()) {
            return;
        }
        restarts++;
        broker = ServiceProcess.start("the Kafka broker", command, dir, dir.resolve("kafka-" + restarts + ".log"), Map.of());
        awaitUp(broker, admin);
        LOG.info("Started the Kafka broker again (PID {}) at 127.0.0.1:{}; its log is {}.", broker.pid(), port,
                broker.logFile());
    }

    /** Whether the broker process is up (it is not after {@link #stop()}). */
    public boolean isRunning() {
        return broker.isAlive();
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** A shared Admin client on this broker; do not close it (the fixture does). */
    public Admin admin() {
        return admin;
    }

    /** The broker's stdout/stderr (its log4j2 output). */
    public Path logFile() {
        return broker.logFile();
    }

    /** The broker's PID, for tests that need to take it down. */
    public long pid() {
        return broker.pid();
    }

    /** Creates {@code name} with {@code partitions} partitions and waits until every partition has a leader. */
    public void createTopic(final String name, final int partitions) {
        complete("create topic " + name, () -> admin.createTopics(
                List.of(new NewTopic(name, partitions, (short) 1))).all().get());
        awaitPartitions(name, partitions);
    }

    /** Grows {@code topic} to {@code totalPartitions} partitions and waits until the metadata shows them. */
    public void addPartitions(final String topic, final int totalPartitions) {
        complete("grow topic " + topic + " to " + totalPartitions + " partitions", () -> admin.createPartitions(
                Map.of(topic, NewPartitions.increaseTo(totalPartitions))).all().get());
        awaitPartitions(topic, totalPartitions);
    }

    /** The number of partitions of {@code topic}. */
    public int partitionCount(final String topic) {
        return complete("describe topic " + topic, () -> admin.describeTopics(Set.of(topic))
                .allTopicNames().get().get(topic).partitions().size());
    }

    private void awaitPartitions(final String topic, final int partitions) {
        broker.awaitReady("to show " + partitions + " led partitions of topic " + topic, ADMIN_TIMEOUT, () ->
                admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .filter(p -> p.leader() != null && !p.leader().isEmpty()).count() == partitions);
    }

    /** Producer settings for this broker with String keys and values. */
    public Map<String, Object> producerConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** Consumer settings for this broker with String keys and values, reading from the earliest offset. */
    public Map<String, Object> consumerConfig(final String groupId) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return config;
    }

    /** Sends each key/value pair to {@code topic} (partition chosen by key) and waits for the acks. */
    public void produce(final String topic, final List<Map.Entry<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            final List<Future<?>> sends = new ArrayList<>();
            for (Map.Entry<String, String> r : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            for (Future<?> send : sends) {
                complete("send to " + topic, send::get);
            }
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition, without a consumer group, until
     * {@code count} records arrived or {@code timeout} passed; returns what arrived.
     */
    public List<ConsumerRecord<String, String>> consume(final String topic, final int count, final Duration timeout) {
        final Map<String, Object> config = consumerConfig("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, ADMIN_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }

    private <T> T complete(final String what, final Callable<T> call) {
        try {
            return call.call();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + " on the Kafka broker at " + bootstrapServers()
                    + ": " + e.getCause().getMessage() + " (broker log: " + logFile() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what + ".", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot " + what + " on the Kafka broker at " + bootstrapServers()
                    + ": " + e.getMessage() + " (broker log: " + logFile() + ")", e);
        }
    }

    /** Stops the broker (SIGTERM, SIGKILL after 15 s). The data directory stays for inspection. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        broker.stop(STOP_GRACE);
        LOG.info("Stopped the Kafka broker at 127.0.0.1:{}; its files stay in {}.", port, dir);
    }
}
