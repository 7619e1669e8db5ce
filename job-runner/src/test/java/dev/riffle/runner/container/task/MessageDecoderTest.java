package dev.riffle.runner.container.task;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.riffle.api.IncomingMessage;
import dev.riffle.runner.config.JobConfig;

class MessageDecoderTest {

    private static final List<TopicPartition> INPUTS = List.of(new TopicPartition("words", 0),
            new TopicPartition("counts", 0));
    private final JobConfig config = JobConfig.of(Map.of("job.name", "unit", "task.class", "x", "task.inputs",
            "words,counts", "systems.kafka.bootstrap.servers", "127.0.0.1:9", "streams.counts.msg.serde", "long"));
    private final TaskBuffer<ConsumerRecord<byte[], byte[]>> buffer = new TaskBuffer<>(10, 50);
    private final List<ConsumerRecord<byte[], byte[]>> unreadable = new ArrayList<>();

    private void add(final int source, final long offset, final byte[] value) {
        final ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(INPUTS.get(source).topic(), 0, offset,
                "k".getBytes(UTF_8), value);
        r.headers().add("trace", ("t-" + offset).getBytes(UTF_8));
        buffer.add(r, source, 0);
    }

    @Test
    void shouldDeserialiseEachRecordWithTheSerdesOfItsInputAndKeepItsOriginalAndSlot() {
        add(0, 7, "hello".getBytes(UTF_8));
        add(1, 3, "bad".getBytes(UTF_8)); // not the 8 bytes of a long
        add(1, 4, ByteBuffer.allocate(8).putLong(42).array());
        final MessageDecoder decoder = new MessageDecoder(INPUTS, new TopicSerdes(config), 2);

        final List<IncomingMessage> messages = decoder.decode(buffer, 3, (r, e) -> unreadable.add(r));

        assertThat(messages).extracting(IncomingMessage::topic, IncomingMessage::offset, IncomingMessage::value)
                .containsExactly(tuple("words", 7L, "hello"), tuple("counts", 4L, 42L));
        assertThat(new String(messages.get(1).headers().get("trace"), UTF_8)).isEqualTo("t-4");
        assertThat(unreadable).extracting(ConsumerRecord::offset).containsExactly(3L);
        assertThat(decoder.records()[1]).isSameAs(buffer.peek(2));
        assertThat(decoder.slotOf(0)).isZero();
        assertThat(decoder.slotOf(1)).as("the slot of the message after the unreadable record").isEqualTo(2);
    }
}
