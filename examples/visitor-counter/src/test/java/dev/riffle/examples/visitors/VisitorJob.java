package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.riffle.testing.KafkaFixture;

/**
 * One instance of the visitor counter in a test: its own shares, counts and alerts topics (so
 * instances running side by side on one visits topic do not meet), and tails on counts and alerts.
 */
final class VisitorJob implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Event time of the first generated event (2025-11-26, a Wednesday). */
    static final long START = 1_764_133_975_000L;
    static final long THRESHOLD = 500;
    static final double REARM_FRACTION = 0.3;
    /** {@code ceil(THRESHOLD * (1 - REARM_FRACTION))}, worked out by hand. */
    static final long REARM_BELOW = 350;
    /** Partitions of every visits topic in the tests. */
    static final int PARTITIONS = 4;

    final String name;
    final String id;
    final String visits;
    final CountMode mode;
    final TopicTail counts;
    final TopicTail alerts;
    private final KafkaFixture kafka;
    private final String prefix;

    private VisitorJob(final KafkaFixture kafka, final String name, final String id, final String visits, final CountMode mode) {
        this.kafka = kafka;
        this.name = name;
        this.id = id;
        this.visits = visits;
        this.mode = mode;
        this.prefix = name + "-" + id;
        kafka.createTopic(prefix + "-partials", 1);
        kafka.createTopic(prefix + "-counts", 1);
        kafka.createTopic(prefix + "-alerts", 1);
        createIfMissing(kafka, name + "-dead-letters");
        counts = new TopicTail(kafka, prefix + "-counts");
        alerts = new TopicTail(kafka, prefix + "-alerts");
    }

    private static synchronized void createIfMissing(final KafkaFixture kafka, final String topic) {
        try {
            if (!kafka.admin().listTopics().names().get().contains(topic)) {
                kafka.createTopic(topic, 1);
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot list the topics to create " + topic + ": " + e, e);
        }
    }

    /** A job instance named {@code name} with id {@code id}, counting {@code mode} on topic {@code visits}. */
    static VisitorJob create(final KafkaFixture kafka, final String name, final String id, final String visits,
            final CountMode mode) {
        return new VisitorJob(kafka, name, id, visits, mode);
    }

    /** {@code <job.name>-<job.id>}: the key of the counts and the prefix of the alert ids. */
    String instance() {
        return name + "-" + id;
    }

    /** The config keys that make a shipped config run this instance on the test's services. */
    Map<String, String> config(final int containers) {
        final Map<String, String> config = new HashMap<>();
        config.put("job.name", name);
        config.put("job.id", id);
        config.put("job.container.count", Integer.toString(containers));
        config.put("systems.kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("task.inputs", visits + "," + prefix + "-partials");
        config.put("visitors.input.topic", visits);
        config.put("visitors.partials.topic", prefix + "-partials");
        config.put("visitors.counts.topic", prefix + "-counts");
        config.put("visitors.alerts.topic", prefix + "-alerts");
        config.put("visitors.count", mode.name().toLowerCase(Locale.ROOT));
        config.put("visitors.threshold", Long.toString(THRESHOLD));
        config.put("visitors.rearm.fraction", Double.toString(REARM_FRACTION));
        return config;
    }

    /**
     * Waits until the live count of this instance is the count of the window that ends at the newest
     * event, and checks that it equals {@code expected}.
     */
    JsonNode awaitFinalCount(final long end, final long expected) {
        final JsonNode[] last = new JsonNode[1];
        await(instance() + ": the live count at event time " + end + " is " + expected).atMost(YarnJobs.TIMEOUT)
                .untilAsserted(() -> {
                    final List<TopicTail.Record> mine = counts.withKey(instance());
                    assertThat(mine).as("counts of %s", instance()).isNotEmpty();
                    last[0] = JSON.readTree(mine.get(mine.size() - 1).value());
                    assertThat(last[0].get("at").asLong()).as("at of %s", last[0]).isEqualTo(end);
                    assertThat(last[0].get("count").asLong()).as("count of %s", last[0]).isEqualTo(expected);
                });
        return last[0];
    }

    /** The alerts on this instance's alerts topic, parsed, in topic order. */
    List<JsonNode> alerts() throws Exception {
        final List<JsonNode> parsed = new ArrayList<>();
        for (TopicTail.Record r : alerts.records()) {
            parsed.add(JSON.readTree(r.value()));
        }
        return parsed;
    }

    /**
     * Sends the events to the visits topic keyed by visitor, each to partition {@link Truth#partitionOf}
     * (a visitor stays in one partition, and the test knows which).
     */
    static void produce(final KafkaFixture kafka, final String topic, final Iterable<VisitGenerator.Event> events)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            final List<Future<?>> sends = new ArrayList<>();
            for (VisitGenerator.Event e : events) {
                sends.add(producer.send(new ProducerRecord<>(topic, Truth.partitionOf(e.visitor(), PARTITIONS), e.visitor(),
                        e.json())));
            }
            for (Future<?> s : sends) {
                s.get();
            }
        }
    }

    /**
     * Sends the events as live traffic: in chunks of {@code chunk}, waiting after each until every job's
     * live count has reached the chunk's newest event time.
     */
    static void produceLive(final KafkaFixture kafka, final String topic, final List<VisitGenerator.Event> events,
            final int chunk, final VisitorJob... jobs) throws Exception {
        for (int from = 0; from < events.size(); from += chunk) {
            final List<VisitGenerator.Event> part = events.subList(from, Math.min(events.size(), from + chunk));
            produce(kafka, topic, part);
            final long newest = part.get(part.size() - 1).ts();
            for (VisitorJob job : jobs) {
                await(job.instance() + ": the live count reaches event time " + newest).atMost(YarnJobs.TIMEOUT)
                        .until(() -> job.latestAt() >= newest);
            }
        }
    }

    /** The {@code at} of the newest live count of this instance, or -1 before there is one. */
    long latestAt() throws Exception {
        final JsonNode latest = latestCount();
        return latest == null ? -1 : latest.get("at").asLong();
    }

    /** The newest live count of this instance, or null before there is one. */
    JsonNode latestCount() throws Exception {
        final List<TopicTail.Record> mine = counts.withKey(instance());
        return mine.isEmpty() ? null : JSON.readTree(mine.get(mine.size() - 1).value());
    }

    @Override
    public void close() throws Exception {
        counts.close();
        alerts.close();
    }
}
