package dev.riffle.bench;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates and deletes the bench's topics. */
final class Topics implements AutoCloseable {

    /** Records carry the broker's append time: the clock of the latency runs. */
    static final Map<String, String> LOG_APPEND_TIME = Map.of("message.timestamp.type", "LogAppendTime");

    private final Admin admin;

    Topics(final String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Creates a topic with the given partitions (replication 1); an existing one is left as it is. */
    void create(final String topic, final int partitions) throws InterruptedException {
        create(topic, partitions, Map.of());
    }

    /** The same with topic configs, e.g. {@link #LOG_APPEND_TIME}. */
    void create(final String topic, final int partitions, final Map<String, String> configs) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic + ": " + e.getCause()
                        + ". Is Kafka running (scripts/grid start kafka)?", e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Creating topic " + topic + " timed out after 60 s; is Kafka running "
                    + "(scripts/grid start kafka)?", e);
        }
    }

    /** The topics whose names start with {@code prefix}. */
    Set<String> named(final String prefix) throws Exception {
        final Set<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        names.removeIf(n -> !n.startsWith(prefix));
        return names;
    }

    /** Deletes topics; missing ones are ignored. */
    void delete(final Collection<String> topics) throws Exception {
        if (!topics.isEmpty()) {
            try {
                admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Already gone: nothing to clean.
            }
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
