package dev.riffle.runner.container.io;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.errors.ErrorPolicy;

/**
 * The container's producer as an {@link OutputSink}, with {@code task.error.policy} applied to sends
 * that fail for good.
 *
 * <p>A permanent failure ({@link SendFailures}: too large, missing topic, not authorised, invalid) is
 * counted on the sending task (metrics {@code output-failed} or {@code dead-letter-failed}, per
 * reason) and logged with the input the record came from. Under {@code skip} and {@code dead-letter}
 * the record is dropped and the job goes on; a failed dead letter is never dead-lettered again, so
 * nothing loops. Under {@code fail} the next send or flush stops the container with the cause. Any
 * other failure may be transient (the broker is away): it is reported on the next send or flush, as
 * before, for the commit's retry path. A topic found missing is remembered, and rechecked with the
 * cluster every {@link #MISSING_TOPIC_RECHECK_MS}, so that each record to it does not wait
 * {@code max.block.ms} for metadata again.
 */
final class ProducerSink implements OutputSink {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerSink.class);

    static final long MISSING_TOPIC_RECHECK_MS = 30_000;
    private static final long LOG_PERIOD_NANOS = 10_000_000_000L;

    private final Producer<byte[], byte[]> producer;
    private final ErrorPolicy policy;
    private final TopicProbe topics;
    private final Map<String, Long> missingSinceNanos = new ConcurrentHashMap<>();
    private volatile Exception transientFailure;
    private volatile ContainerFailure fatal;
    /** Per topic and reason: when its last full log line was written, and how many were dropped since. */
    private final Map<String, long[]> logPeriods = new ConcurrentHashMap<>();

    ProducerSink(final Producer<byte[], byte[]> producer, final ErrorPolicy policy, final TopicProbe topics) {
        this.producer = producer;
        this.policy = policy;
        this.topics = topics;
    }

    @Override
    public void send(final ProducerRecord<byte[], byte[]> record) {
        send(record, SendOrigin.UNKNOWN);
    }

    @Override
    public void send(final ProducerRecord<byte[], byte[]> record, final SendOrigin origin) {
        check();
        final String topic = record.topic();
        if (knownMissing(topic)) {
            failedForGood(topic, origin, SendFailures.UNKNOWN_TOPIC,
                    new UnknownTopicOrPartitionException("Topic " + topic + " does not exist (checked with the cluster)"));
        } else {
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failed(topic, origin, error);
                    }
                });
            } catch (KafkaException e) {
                failed(topic, origin, e);
            }
        }
        // Failures found during the send itself (record too large, no metadata) stop a fail-policy job now.
        check();
    }

    /** A send completed with {@code error}: permanent ones get the policy, the others wait for the next check. */
    private void failed(final String topic, final SendOrigin origin, final Exception error) {
        String reason = SendFailures.permanentReason(error);
        if (reason == null && SendFailures.mayBeMissingTopic(error) && topics.exists(topic) == Boolean.FALSE) {
            missingSinceNanos.put(topic, System.nanoTime());
            reason = SendFailures.UNKNOWN_TOPIC;
        }
        if (reason == null) {
            if (transientFailure == null) {
                transientFailure = error;
            }
            return;
        }
        failedForGood(topic, origin, reason, error);
    }

    private void failedForGood(final String topic, final SendOrigin origin, final String reason, final Exception error) {
        if (origin.stats() != null) {
            origin.stats().sendFailed(origin.deadLetter(), reason);
        }
        final String what = (origin.deadLetter() ? "the dead letter of " : "output of task " + origin.task() + " for ")
                + origin.input();
        if (policy == ErrorPolicy.FAIL) {
            if (fatal == null) {
                fatal = new ContainerFailure("Task " + origin.task() + " cannot send " + what + " to topic " + topic
                        + " (" + reason + ": " + DeadLetters.describe(error) + "). Retrying cannot help, and"
                        + " task.error.policy=fail stops the container; " + SendFailures.advice(reason, topic)
                        + ", or set task.error.policy to skip or dead-letter to count and drop such records.", error);
            }
            return;
        }
        logDropped(topic, what, reason, error);
    }

    /**
     * Logs a dropped record in full once per period for each topic and reason; the others are counted and
     * summed up with the next line, so a flood of failures cannot flood the log nor hide a new kind.
     */
    private synchronized void logDropped(final String topic, final String what, final String reason, final Exception error) {
        final long now = System.nanoTime();
        final long[] period = logPeriods.computeIfAbsent(topic + " " + reason, k -> new long[] {Long.MIN_VALUE, 0});
        if (period[0] != Long.MIN_VALUE && now - period[0] < LOG_PERIOD_NANOS) {
            period[1]++;
            return;
        }
        final long unlogged = period[1];
        LOG.warn("Could not send {} to topic {} ({}: {}); retrying cannot help, so under task.error.policy={} the"
                + " record is dropped, counted (metrics output-failed / dead-letter-failed) and the task goes on. To"
                + " fix: {}.{}", what, topic, reason, DeadLetters.describe(error), policy.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                SendFailures.advice(reason, topic),
                unlogged == 0 ? "" : " " + unlogged + " more records were dropped since the last such line.");
        period[0] = now;
        period[1] = 0;
    }

    /** Whether {@code topic} was found missing lately; past the recheck period, asks the cluster again. */
    private boolean knownMissing(final String topic) {
        final Long since = missingSinceNanos.get(topic);
        if (since == null) {
            return false;
        }
        if (System.nanoTime() - since < MISSING_TOPIC_RECHECK_MS * 1_000_000L) {
            return true;
        }
        if (topics.exists(topic) == Boolean.FALSE) {
            missingSinceNanos.put(topic, System.nanoTime());
            return true;
        }
        missingSinceNanos.remove(topic);
        return false;
    }

    @Override
    public void flush() {
        producer.flush();
        check();
    }

    private void check() {
        final ContainerFailure f = fatal;
        if (f != null) {
            throw f;
        }
        final Exception e = transientFailure;
        if (e != null) {
            throw new KafkaException("A send of the container's producer failed (" + e.getMessage()
                    + "); output since the last commit may be lost, so the container stops and restarts from it", e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            topics.close();
        }
    }
}
