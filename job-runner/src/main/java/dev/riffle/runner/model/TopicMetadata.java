package dev.riffle.runner.model;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Reads the partition counts of a job's input topics from Kafka, for building the {@link JobModel}. */
public final class TopicMetadata {

    // Security and connection settings the job gives its consumer also apply to the admin client.
    private static final List<String> SHARED_CLIENT_PREFIXES = List.of("security.", "sasl.", "ssl.", "client.dns.");

    private final Admin admin;
    private final Duration timeout;

    /** @param admin a client the caller owns and closes */
    public TopicMetadata(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Admin client properties for a job: its bootstrap servers and the consumer's security settings. */
    public static Properties adminProperties(JobConfig config) {
        final Properties properties = new Properties();
        config.subset("systems.kafka.consumer.").forEach((key, value) -> {
            if (SHARED_CLIENT_PREFIXES.stream().anyMatch(key::startsWith)) {
                properties.put(key, value);
            }
        });
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(RiffleConfig.KAFKA_BOOTSTRAP_SERVERS));
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, config.get(RiffleConfig.JOB_NAME) + "-metadata");
        return properties;
    }

    /**
     * Partition counts of {@code topics}, in the given order.
     *
     * @throws ConfigException naming {@code task.inputs} and every missing topic
     * @throws IllegalStateException if Kafka does not answer within the timeout
     */
    public Map<String, Integer> partitionCounts(List<String> topics) {
        final Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis())).topicNameValues();
        return countsFrom(topics, futures, timeout);
    }

    /** Collects the answers; separate from the Admin call so it can be tested without a broker. */
    static Map<String, Integer> countsFrom(List<String> topics, Map<String, KafkaFuture<TopicDescription>> futures,
                                           Duration timeout) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final List<String> missing = new ArrayList<>();
        for (String topic : topics) {
            final KafkaFuture<TopicDescription> future = futures.get(topic);
            try {
                if (future == null) {
                    missing.add(topic);
                    continue;
                }
                counts.put(topic, future.get(timeout.toMillis(), TimeUnit.MILLISECONDS).partitions().size());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                } else {
                    throw new IllegalStateException("cannot read the partitions of input topic '" + topic
                            + "' from Kafka: " + e.getCause() + "; check systems.kafka.bootstrap.servers and"
                            + " the broker", e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not describe input topic '" + topic + "' within "
                        + timeout.toMillis() + " ms; check that the brokers in systems.kafka.bootstrap.servers run", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the partitions of '" + topic + "'", e);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(RiffleConfig.TASK_INPUTS.name(), missingMessage(missing));
        }
        return counts;
    }

    static String missingMessage(List<String> missing) {
        if (missing.size() == 1) {
            return "input topic '" + missing.get(0) + "' does not exist; create it or fix task.inputs";
        }
        return "input topics " + missing.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
                + " do not exist; create them or fix task.inputs";
    }
}
