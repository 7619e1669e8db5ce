package dev.riffle.runner.container.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.riffle.api.StreamTask;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.task.LoopHarness;
import dev.riffle.runner.testsupport.ManualClock;

class DependencyWaitTest {

    @Test
    void shouldExitWithTheDependencyStatusWhenABrokerOrAStoreDidNotAnswer() {
        final KafkaException producerFailure = new KafkaException("A send of the container's producer failed",
                new TimeoutException("Expiring 3 record(s) for out-0: 2000 ms has passed since batch creation"));

        assertThat(ContainerMain.exitStatusOf(new ContainerFailure("Task Partition 0 cannot commit", producerFailure)))
                .isEqualTo(ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE);
        assertThat(ContainerMain.exitStatusOf(new StoreException("store 'state' is unreachable", true)))
                .isEqualTo(ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE);
    }

    @Test
    void shouldExitWithTheFailureStatusOnEverythingElse() {
        assertThat(ContainerMain.exitStatusOf(new FencedException("generation 3 is stale")))
                .isEqualTo(ContainerMain.EXIT_FAILURE);
        assertThat(ContainerMain.exitStatusOf(new StoreException("WRONGTYPE", false))).isEqualTo(ContainerMain.EXIT_FAILURE);
        assertThat(ContainerMain.exitStatusOf(new ContainerFailure("Task Partition 0 failed in window()",
                new IllegalStateException("bug")))).isEqualTo(ContainerMain.EXIT_FAILURE);
    }

    @Test
    void shouldStopTheContainerWithoutDeadLetteringOrSkippingWhenASendFindsTheBrokerAway() {
        final StreamTask task = (m, c, k) -> {
            // What the producer's send throws once an earlier send expired while the broker was away.
            throw new KafkaException("A send of the container's producer failed",
                    new TimeoutException("Expiring 1 record(s) for out-0: 8000 ms has passed since batch creation"));
        };
        final LoopHarness h = new LoopHarness(task, Map.of("task.batch.size", "2", "task.commit.ms", "0",
                "task.error.policy", "skip"));
        h.input("a", "b");

        assertThatThrownBy(() -> h.loop.runOnce(0, false)).isInstanceOfSatisfying(ContainerFailure.class, e ->
                assertThat(ContainerMain.exitStatusOf(e)).isEqualTo(ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE))
                .hasMessageContaining("in-0@0");
        assertThat(h.sent.sentTo("unit-dead-letters")).isEmpty();
        assertThat(h.committed()).as("offsets committed past the failed records (-1: none)").isEqualTo(-1L);
    }

    @Test
    void shouldWaitWithBackoffUntilTheDependencyAnswers() {
        final ManualClock clock = new ManualClock(0);
        final AtomicInteger calls = new AtomicInteger();

        final int partitions = DependencyWait.untilAvailable("Container 0 of job unit-1", "Kafka at 127.0.0.1:9",
                Backoff.standard(), clock, () -> {
                    if (calls.incrementAndGet() <= 3) {
                        throw new TimeoutException("Timeout expired while fetching topic metadata");
                    }
                    return 4;
                });

        assertThat(partitions).isEqualTo(4);
        assertThat(calls).hasValue(4);
        assertThat(clock.millis()).isEqualTo(100 + 200 + 400);
    }

    @Test
    void shouldNotWaitOnAFailureThatIsNotAnUnavailableDependency() {
        final ManualClock clock = new ManualClock(0);

        assertThatThrownBy(() -> DependencyWait.untilAvailable("Container 0 of job unit-1", "Kafka at 127.0.0.1:9",
                Backoff.standard(), clock, () -> {
                    throw new IllegalStateException("Input topic visits does not exist on the Kafka cluster");
                })).hasMessageContaining("does not exist");
        assertThat(clock.millis()).isZero();
    }
}
