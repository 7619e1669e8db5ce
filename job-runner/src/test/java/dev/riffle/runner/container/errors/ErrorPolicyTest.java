package dev.riffle.runner.container.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.riffle.api.StreamTask;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.container.task.ContainerLoopTest;
import dev.riffle.runner.container.task.LoopHarness;
import dev.riffle.runner.container.task.RecordingStores;
import dev.riffle.runner.testsupport.DeadLetterRecord;

class ErrorPolicyTest {

    private static final String DLQ = "unit-dead-letters";

    @Test
    void shouldSendAnUndeserialisableRecordToTheDeadLetterTopicWithItsOriginAndGoOn() {
        final List<Object> seen = new java.util.ArrayList<>();
        final StreamTask task = (m, c, k) -> seen.add(m.value().toString());
        final LoopHarness h = new LoopHarness(task, Map.of("streams.in.msg.serde", "json", "task.batch.size", "3",
                "task.commit.ms", "0"));
        h.input("\"a\"", "{not json", "\"c\"");

        h.loop.runOnce(0, false);

        final List<ProducerRecord<byte[], byte[]>> dead = h.sent.sentTo(DLQ);
        assertThat(dead).hasSize(1);
        final DeadLetterRecord letter = DeadLetterRecord.of(dead.get(0));
        assertThat(letter.reason()).isEqualTo(DeadLetters.REASON_DESERIALIZATION);
        assertThat(letter.topic()).isEqualTo("in");
        assertThat(letter.partition()).isZero();
        assertThat(letter.offset()).isEqualTo(1);
        assertThat(letter.task()).isEqualTo("Partition 0");
        assertThat(letter.valueAsString()).isEqualTo("{not json");
        assertThat(letter.error()).isNotBlank();
        assertThat(seen).containsExactly("\"a\"", "\"c\"");
        assertThat(h.committed()).isEqualTo(3);
        assertThat(h.loop.stats().tasks().get(0).deadLetteredCount()).isEqualTo(1);
    }

    @Test
    void shouldIsolateTheFailingRecordOfABatchAndKeepTheStateOfTheOthersExactlyOnce() {
        final ContainerLoopTest.CountingTask task = new ContainerLoopTest.CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "4", "task.commit.ms", "1000"));
        h.input("a", "b", "c", "d");
        h.loop.runOnce(0, false);
        h.input("e", "bad", "g", "h");

        h.loop.runOnce(0, false);
        for (int i = 0; i < 10; i++) {
            h.loop.runOnce(0, false);
        }

        assertThat(h.stores.discards).isGreaterThanOrEqualTo(2);
        final List<ProducerRecord<byte[], byte[]>> dead = h.sent.sentTo(DLQ);
        assertThat(dead).extracting(r -> DeadLetterRecord.of(r).offset()).containsExactly(5L);
        assertThat(DeadLetterRecord.of(dead.get(0)).reason()).isEqualTo(DeadLetters.REASON_TASK_EXCEPTION);
        assertThat(DeadLetterRecord.of(dead.get(0)).error()).contains("cannot handle value 'bad'");
        // Every good record counted once in the committed state, though the failed batch ran twice.
        h.clock.sleep(1000);
        h.loop.runOnce(0, false);
        assertThat(h.stores.durable).containsEntry("count", "7");
        assertThat(h.committed()).isEqualTo(8);
    }

    @Test
    void shouldCountAndLogASkippedRecordWithoutDeadLetteringIt() {
        final StreamTask task = (m, c, k) -> {
            if (m.value().equals("bad")) {
                throw new IllegalStateException("boom");
            }
        };
        final LoopHarness h = new LoopHarness(task, Map.of("task.error.policy", "skip", "task.batch.size", "3"));
        h.input("a", "bad", "c");

        for (int i = 0; i < 5; i++) {
            h.loop.runOnce(0, false);
        }
        h.clock.sleep(50);
        h.loop.runOnce(0, false);

        assertThat(h.sent.sentTo(DLQ)).isEmpty();
        assertThat(h.loop.stats().tasks().get(0).skippedCount()).isEqualTo(1);
        assertThat(h.loop.positions()).containsValue(3L);
    }

    @Test
    void shouldStopTheContainerWithTheCauseUnderPolicyFailAndCommitNothing() {
        final StreamTask task = (m, c, k) -> {
            throw new IllegalStateException("boom on " + m);
        };
        final LoopHarness h = new LoopHarness(task, Map.of("task.error.policy", "fail", "task.batch.size", "1",
                "task.commit.ms", "0"));
        h.input("a");

        assertThatThrownBy(() -> h.loop.runOnce(0, false))
                .isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("Partition 0").hasMessageContaining("task.error.policy=fail")
                .hasRootCauseMessage("boom on in-0@0");
        assertThat(h.log.commits()).isEmpty();
    }

    @Test
    void shouldRetryAnUnreachableStoreWithBackoffAndSkipNothing() {
        final ContainerLoopTest.CountingTask task = new ContainerLoopTest.CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "2", "task.commit.ms", "0"));
        h.stores.readFailures.add(RecordingStores.unreachable());
        h.stores.readFailures.add(RecordingStores.unreachable());
        h.input("a", "b");

        for (int i = 0; i < 5; i++) {
            h.loop.runOnce(0, false);
        }

        assertThat(h.clock.millis()).isEqualTo(300);
        assertThat(h.sent.sentTo(DLQ)).isEmpty();
        assertThat(h.stores.durable).containsEntry("count", "2");
        assertThat(h.committed()).isEqualTo(2);
        assertThat(h.loop.stats().tasks().get(0).snapshot()).containsEntry("retries", 2L);
    }

    @Test
    void shouldRetryAFailedStoreFlushAndOnlyThenRecordOffsets() {
        final ContainerLoopTest.CountingTask task = new ContainerLoopTest.CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "1", "task.commit.ms", "0"));
        h.stores.flushFailures.add(RecordingStores.unreachable());
        h.input("a");

        h.loop.runOnce(0, false);

        assertThat(h.eventsStartingWith("stores.flush", "producer.flush", "offsets.commit"))
                .containsExactly("stores.flush", "stores.flush", "producer.flush", "offsets.commit {in-0=1}");
        assertThat(h.clock.millis()).isEqualTo(100);
    }

    @Test
    void shouldStopWithoutCommittingWhenFenced() {
        final ContainerLoopTest.CountingTask task = new ContainerLoopTest.CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "1", "task.commit.ms", "0"));
        h.stores.flushFailures.add(new FencedException("task Partition 0 is owned by generation 7"));
        h.input("a");

        assertThatThrownBy(() -> h.loop.runOnce(0, false)).isInstanceOf(FencedException.class);
        assertThat(h.log.commits()).isEmpty();
    }

    @Test
    void shouldStopOnAStoreErrorThatRetryingCannotFix() {
        final ContainerLoopTest.CountingTask task = new ContainerLoopTest.CountingTask();
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "1", "task.commit.ms", "0"));
        h.stores.flushFailures.add(new StoreException("value too large for store 'state'", false));
        h.input("a");

        assertThatThrownBy(() -> h.loop.runOnce(0, false)).isInstanceOf(ContainerFailure.class)
                .hasMessageContaining("value too large");
        assertThat(h.log.commits()).isEmpty();
    }

    @Test
    void shouldDeadLetterWhatTheTaskRoutesExplicitlyWithItsReason() {
        final StreamTask task = (m, c, k) -> {
            if (m.value().equals("late")) {
                c.deadLetter(m, "late");
            }
        };
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "2"));
        h.input("ok", "late");

        h.loop.runOnce(0, false);

        final List<ProducerRecord<byte[], byte[]>> dead = h.sent.sentTo(DLQ);
        assertThat(dead).hasSize(1);
        assertThat(DeadLetterRecord.of(dead.get(0)).reason()).isEqualTo("late");
        assertThat(DeadLetterRecord.of(dead.get(0)).offset()).isEqualTo(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("late");
    }
}
