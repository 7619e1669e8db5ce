package dev.riffle.runner.container.task;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.errors.ErrorPolicy;
import dev.riffle.runner.container.io.OutputSink;
import dev.riffle.runner.container.io.SendOrigin;
import dev.riffle.runner.metrics.TaskStats;

/**
 * A task's {@link MessageCollector}: serialises output with the topic's serdes and hands it to the
 * container's producer; routes dead letters with the input record's original bytes. Knows the
 * current batch so that {@link #deadLetter} can find the original record of a message.
 */
final class TaskCollector implements MessageCollector {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCollector.class);

    private final String taskName;
    private final TopicSerdes serdes;
    private final OutputSink output;
    private final String deadLetterTopic;
    private final TaskStats stats;
    /** One full log line per period for dead letters and skips; the rest are summed up, not logged one by one. */
    private static final long LOG_PERIOD_NANOS = 10_000_000_000L;
    private long logPeriodStart = Long.MIN_VALUE;
    private long suppressed;
    private List<IncomingMessage> batch = List.of();
    private Object[] batchRecords = new Object[0];
    private SendOrigin origin;

    TaskCollector(final String taskName, final TopicSerdes serdes, final OutputSink output, final String deadLetterTopic,
                  final TaskStats stats) {
        this.taskName = taskName;
        this.serdes = serdes;
        this.output = output;
        this.deadLetterTopic = deadLetterTopic;
        this.stats = stats;
        this.origin = SendOrigin.window(taskName, stats);
    }

    /** The batch being processed: {@code records[i]} is the original of {@code messages.get(i)}. */
    @SuppressWarnings("unchecked")
    void current(final List<IncomingMessage> messages, final Object[] records) {
        this.batch = messages;
        this.batchRecords = records;
        this.origin = messages.isEmpty() ? SendOrigin.window(taskName, stats)
                : SendOrigin.batch(taskName, stats, (ConsumerRecord<byte[], byte[]>) records[0], messages.size());
    }

    @Override
    public void send(final OutgoingMessage message) {
        final TopicSerdes.Pair pair = serdes.of(message.topic());
        final RecordHeaders headers = new RecordHeaders();
        if (!message.headers().isEmpty()) {
            for (Map.Entry<String, byte[]> h : message.headers().entrySet()) {
                headers.add(h.getKey(), h.getValue());
            }
        }
        output.send(new ProducerRecord<>(message.topic(), message.partition(), null,
                pair.key().toBytes(message.key()), pair.value().toBytes(message.value()), headers), origin);
    }

    @Override
    public void deadLetter(final IncomingMessage message, final String reason) {
        deadLetter(originalOf(message), reason, null);
    }

    /** Sends {@code record} to the dead-letter topic and counts it. */
    void deadLetter(final ConsumerRecord<byte[], byte[]> record, final String reason, final Throwable error) {
        output.send(DeadLetters.of(deadLetterTopic, record, taskName, reason, error),
                SendOrigin.deadLetter(taskName, stats, record));
        stats.deadLettered(reason);
        if (shouldLog()) {
            LOG.warn("Task {} sent {}-{}@{} to dead-letter topic {} (reason: {}{}).", taskName, record.topic(),
                    record.partition(), record.offset(), deadLetterTopic, reason,
                    error == null ? "" : "; " + DeadLetters.describe(error));
        }
    }

    /**
     * Whether to log this bad record in full: the first of every {@code LOG_PERIOD_NANOS}; the others
     * are counted and reported with the next full line, so a flood of bad input cannot flood the log.
     */
    private boolean shouldLog() {
        final long now = System.nanoTime();
        if (logPeriodStart != Long.MIN_VALUE && now - logPeriodStart < LOG_PERIOD_NANOS) {
            suppressed++;
            return false;
        }
        if (suppressed > 0) {
            LOG.warn("Task {} dead-lettered or skipped {} more records in the last {} s without logging each"
                    + " (see the metrics and the dead-letter topic {}).", taskName, suppressed,
                    (now - logPeriodStart) / 1_000_000_000L, deadLetterTopic);
            suppressed = 0;
        }
        logPeriodStart = now;
        return true;
    }

    /**
     * Applies {@code task.error.policy} to a record that could not be deserialised or processed:
     * {@code fail} throws, {@code skip} logs and counts, {@code dead-letter} routes the original bytes.
     */
    void applyPolicy(final ErrorPolicy policy, final ConsumerRecord<byte[], byte[]> r, final String reason,
                     final Exception e) {
        switch (policy) {
            case FAIL:
                throw new ContainerFailure("Task " + taskName + " cannot process " + r.topic() + "-" + r.partition() + "@"
                        + r.offset() + " (" + reason + "): " + DeadLetters.describe(e) + ". task.error.policy=fail stops"
                        + " the container; fix the record's producer, the topic's serde or the task, or set"
                        + " task.error.policy to skip or dead-letter.", e);
            case SKIP:
                stats.skipped();
                if (shouldLog()) {
                    LOG.warn("Task {} skips {}-{}@{} ({}: {}).", taskName, r.topic(), r.partition(), r.offset(), reason,
                            DeadLetters.describe(e));
                }
                break;
            default:
                deadLetter(r, reason, e);
        }
    }

    @SuppressWarnings("unchecked")
    private ConsumerRecord<byte[], byte[]> originalOf(final IncomingMessage message) {
        final int n = batch.size();
        for (int i = 0; i < n; i++) {
            if (batch.get(i) == message) {
                return (ConsumerRecord<byte[], byte[]>) batchRecords[i];
            }
        }
        for (int i = 0; i < n; i++) {
            final ConsumerRecord<byte[], byte[]> r = (ConsumerRecord<byte[], byte[]>) batchRecords[i];
            if (r.partition() == message.partition() && r.offset() == message.offset() && r.topic().equals(message.topic())) {
                return r;
            }
        }
        // Not from the current batch (e.g. kept by the task): serialise it again with its topic's serdes.
        final TopicSerdes.Pair pair = serdes.of(message.topic());
        final ConsumerRecord<byte[], byte[]> rebuilt = new ConsumerRecord<>(message.topic(), message.partition(),
                message.offset(), pair.key().toBytes(message.key()), pair.value().toBytes(message.value()));
        message.headers().forEach((k, v) -> rebuilt.headers().add(k, v));
        return rebuilt;
    }
}
