package dev.riffle.runner.container.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.ErrorPolicy;
import dev.riffle.runner.metrics.TaskStats;

/** The error policy on the output side: sends that fail for good are counted and dropped, or stop the container. */
class ProducerSinkTest {

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final TaskStats stats = new TaskStats("Partition 0");
    private final ConsumerRecord<byte[], byte[]> input = new ConsumerRecord<>("in", 0, 42, null, bytes("v"));
    private final AtomicInteger probes = new AtomicInteger();
    private Boolean topicExists = Boolean.FALSE;
    private final TopicProbe probe = new TopicProbe(Map.of()) {
        @Override
        Boolean exists(final String topic) {
            probes.incrementAndGet();
            return topicExists;
        }
    };

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerRecord<byte[], byte[]> record(final String topic) {
        return new ProducerRecord<>(topic, 0, null, bytes("out"));
    }

    @Test
    void shouldCountAndDropARecordTooLargeAndGoOnUnderTheDeadLetterPolicy() {
        final ProducerSink sink = new ProducerSink(producer, ErrorPolicy.DEAD_LETTER, probe);
        sink.send(record("out"), SendOrigin.batch("Partition 0", stats, input, 10));
        producer.errorNext(new RecordTooLargeException("The message is 2000000 bytes when serialized"));

        sink.send(record("out"), SendOrigin.batch("Partition 0", stats, input, 10));
        sink.flush();

        assertThat(stats.outputsFailed()).isEqualTo(1);
        assertThat(stats.sendFailuresByReason()).containsEntry(SendFailures.RECORD_TOO_LARGE, 1L);
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void shouldDropDeadLettersToAMissingTopicWithoutWaitingForEachOne() {
        final ProducerSink sink = new ProducerSink(producer, ErrorPolicy.DEAD_LETTER, probe);
        sink.send(record("dead"), SendOrigin.deadLetter("Partition 0", stats, input));
        producer.errorNext(new TimeoutException("Topic dead not present in metadata after 100 ms."));

        sink.send(record("dead"), SendOrigin.deadLetter("Partition 0", stats, input));
        sink.send(record("dead"), SendOrigin.deadLetter("Partition 0", stats, input));
        sink.flush();

        assertThat(stats.deadLettersFailed()).isEqualTo(3);
        assertThat(stats.sendFailuresByReason()).containsEntry(SendFailures.UNKNOWN_TOPIC, 3L);
        assertThat(producer.history()).as("the later ones never reach the producer").hasSize(1);
        assertThat(probes.get()).as("asked the cluster once, then remembered").isEqualTo(1);
    }

    @Test
    void shouldStopTheContainerNamingTheTopicTheCauseAndTheInputUnderTheFailPolicy() {
        final ProducerSink sink = new ProducerSink(producer, ErrorPolicy.FAIL, probe);
        sink.send(record("out"), SendOrigin.deadLetter("Partition 0", stats, input));
        producer.errorNext(new TopicAuthorizationException("Not authorized to access topics: [out]"));

        assertThatThrownBy(sink::flush).isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("topic out").hasMessageContaining(SendFailures.AUTHORIZATION)
                .hasMessageContaining("in-0@42").hasMessageContaining("task.error.policy=fail")
                .hasMessageContaining("grant");
        assertThat(stats.deadLettersFailed()).isEqualTo(1);
    }

    @Test
    void shouldLeaveTransientFailuresToTheRetryPathAndNotCountThem() {
        topicExists = null; // the cluster does not answer: the broker may be away
        final ProducerSink sink = new ProducerSink(producer, ErrorPolicy.DEAD_LETTER, probe);
        sink.send(record("out"), SendOrigin.batch("Partition 0", stats, input, 1));
        producer.errorNext(new TimeoutException("Topic out not present in metadata after 100 ms."));

        assertThatThrownBy(sink::flush).isInstanceOf(KafkaException.class).isNotInstanceOf(ContainerFailure.class);
        assertThat(stats.outputsFailed()).isZero();
        assertThat(stats.sendFailuresByReason()).isEmpty();
    }

    @Test
    void shouldTreatATopicThatExistsAsTransient() {
        topicExists = Boolean.TRUE;
        final ProducerSink sink = new ProducerSink(producer, ErrorPolicy.SKIP, probe);
        sink.send(record("out"), SendOrigin.batch("Partition 0", stats, input, 1));
        producer.errorNext(new TimeoutException("Topic out not present in metadata after 100 ms."));

        assertThatThrownBy(() -> sink.send(record("out"))).isInstanceOf(KafkaException.class);
        assertThat(stats.outputsFailed()).isZero();
    }
}
