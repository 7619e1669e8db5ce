package dev.riffle.examples.visitors;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * How many tasks share the count: the partitions of the visits topic. Task 0 must know them all to
 * wait for every task before it decides a bucket; {@code visitors.partitions} says it, or Kafka does.
 */
final class VisitsPartitions {

    private static final long TIMEOUT_SECONDS = 60;

    private VisitsPartitions() {
    }

    static int count(Config config, VisitorSettings settings) {
        if (settings.partitions() > 0) {
            return settings.partitions();
        }
        final String servers = config.getString("systems.kafka.bootstrap.servers", "");
        if (servers.isBlank()) {
            throw new ConfigException("visitors.partitions", "is not set and systems.kafka.bootstrap.servers is empty,"
                    + " so task 0 cannot learn how many partitions topic '" + settings.inputTopic()
                    + "' has; set one of them");
        }
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (Admin admin = Admin.create(props)) {
            final TopicDescription topic = admin.describeTopics(List.of(settings.inputTopic())).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(settings.inputTopic());
            return topic.partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Task 0 could not read the partition count of topic '" + settings.inputTopic()
                    + "' from " + servers + ": " + e + ". Check that Kafka is reachable, or set visitors.partitions.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the partition count of topic '"
                    + settings.inputTopic() + "'", e);
        }
    }
}
