package dev.riffle.runner.container.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.container.errors.DeadLetters;

/**
 * Asks the Kafka cluster whether a topic exists, for telling a missing output topic from an
 * unreachable broker. Opens its Admin client on first use (with the producer's connection and
 * security settings), since most containers never need it. Thread-safe.
 */
class TopicProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProbe.class);
    private static final long TIMEOUT_MS = 5_000;

    private final Map<String, Object> producerProperties;
    private Admin admin;

    /** @param producerProperties the producer's properties; those an Admin client knows are used */
    TopicProbe(final Map<String, Object> producerProperties) {
        this.producerProperties = producerProperties;
    }

    /** {@code TRUE} or {@code FALSE} as the cluster says, {@code null} when it did not answer. */
    Boolean exists(final String topic) {
        try {
            admin().describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Boolean.TRUE;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Boolean.FALSE;
            }
            return unknown(topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (TimeoutException | RuntimeException e) {
            return unknown(topic, e);
        }
    }

    private static Boolean unknown(final String topic, final Throwable cause) {
        LOG.warn("Could not ask the Kafka cluster whether topic {} exists ({}); a failed send to it is taken as"
                + " transient.", topic, DeadLetters.describe(cause));
        return null;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            final Map<String, Object> p = new HashMap<>();
            producerProperties.forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    p.put(k, v);
                }
            });
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, producerProperties.get(AdminClientConfig.CLIENT_ID_CONFIG) + "-probe");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
