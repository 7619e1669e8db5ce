package dev.riffle.runner.container.io;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Tells a send that failed for good from one that a retry, or waiting for the broker, may still
 * bring through. Pure logic.
 *
 * <p>Permanent: the record is too large, the topic name is invalid, the job may not write there,
 * the record cannot be serialised or the broker rejects it as invalid. A missing topic looks like a
 * transient error to the producer (it waits {@code max.block.ms} for metadata, then times out, the
 * same as when the broker is away), so the caller asks the cluster whether the topic exists
 * ({@link #mayBeMissingTopic}) before calling it permanent.
 */
final class SendFailures {

    /** Reason of a record larger than {@code max.request.size} or than the topic's {@code max.message.bytes}. */
    static final String RECORD_TOO_LARGE = "record-too-large";
    /** Reason of a topic that does not exist (and is not created automatically). */
    static final String UNKNOWN_TOPIC = "unknown-topic";
    /** Reason of a topic the job's principal may not write to. */
    static final String AUTHORIZATION = "authorization";
    /** Reason of a record that cannot be serialised. */
    static final String SERIALIZATION = "serialization";
    /** Reason of a record or topic name the broker refuses. */
    static final String INVALID = "invalid-record";

    private SendFailures() {
    }

    /** The reason of a failure that no retry can fix, or {@code null} when it may be transient. */
    static String permanentReason(final Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
                return RECORD_TOO_LARGE;
            }
            if (e instanceof AuthorizationException) {
                return AUTHORIZATION;
            }
            if (e instanceof SerializationException) {
                return SERIALIZATION;
            }
            if (e instanceof InvalidTopicException || e instanceof InvalidRecordException) {
                return INVALID;
            }
        }
        return null;
    }

    /** Whether the failure could mean that the topic does not exist: the cluster must say. */
    static boolean mayBeMissingTopic(final Throwable error) {
        return error instanceof UnknownTopicOrPartitionException
                || error instanceof TimeoutException && String.valueOf(error.getMessage()).contains("not present in metadata");
    }

    /** What an operator can do about a permanent failure of a send to {@code topic}. */
    static String advice(final String reason, final String topic) {
        return switch (reason) {
            case RECORD_TOO_LARGE -> "send smaller records, or raise systems.kafka.producer.max.request.size and the"
                    + " max.message.bytes of topic " + topic;
            case UNKNOWN_TOPIC -> "create topic " + topic + " (the brokers do not create it on first use)";
            case AUTHORIZATION -> "grant the job's principal WRITE on topic " + topic;
            default -> "check the record and topic " + topic;
        };
    }
}
