package dev.riffle.examples.visitors;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Task 0's view of the visits topic in Kafka: how many partitions (= tasks) share the count, and
 * which partitions a task has read to the end, so that a task that says it is idle is believed only
 * while it really has nothing left to read (a task that died idle must not be left out).
 */
final class VisitsTopic implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final String topic;
    private final String servers;
    private final Admin admin;

    private VisitsTopic(String topic, String servers) {
        this.topic = topic;
        this.servers = servers;
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        this.admin = Admin.create(props);
    }

    /**
     * Connects to the Kafka of {@code systems.kafka.bootstrap.servers}, or returns null with
     * {@code visitors.idle.check=none} (idle tasks are then believed as they say).
     */
    static VisitsTopic connect(Config config, VisitorSettings settings) {
        return settings.idleCheck() ? new VisitsTopic(settings.inputTopic(),
                config.getString("systems.kafka.bootstrap.servers", "")) : null;
    }

    /** {@code visitors.partitions} when set, else the partition count Kafka reports. */
    static int partitionCount(VisitsTopic kafka, VisitorSettings settings) {
        if (settings.partitions() > 0) {
            return settings.partitions();
        }
        if (kafka == null) {
            throw new ConfigException(VisitorKeys.PARTITIONS.name(), "must be set with visitors.idle.check=none: task 0 then"
                    + " does not ask Kafka, so it cannot learn how many partitions topic '" + settings.inputTopic() + "' has");
        }
        return kafka.partitionCount();
    }

    private int partitionCount() {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Task 0 could not read the partition count of topic '" + topic + "' from "
                    + servers + ": " + e + ". Check that Kafka is reachable, or set visitors.partitions.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the partition count of topic '" + topic + "'", e);
        }
    }

    /**
     * Which of the given partitions have been read to the end.
     *
     * @param positions partition to the next offset its task will read
     * @return the partitions with nothing left to read (or nothing to read at all)
     * @throws IllegalStateException if Kafka does not answer in time
     */
    Set<Integer> readToTheEnd(Map<Integer, Long> positions) {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        positions.keySet().forEach(p -> {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        });
        try {
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final Set<Integer> done = new TreeSet<>();
            positions.forEach((p, position) -> {
                final TopicPartition tp = new TopicPartition(topic, p);
                final long end = ends.get(tp).offset();
                // A partition emptied by retention has nothing to read although its task read nothing.
                if (position >= end || starts.get(tp).offset() >= end) {
                    done.add(p);
                }
            });
            return done;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Task 0 could not read the end offsets of topic '" + topic + "' from "
                    + servers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the end offsets of topic '" + topic + "'", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
