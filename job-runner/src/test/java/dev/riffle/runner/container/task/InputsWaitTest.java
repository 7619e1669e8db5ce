package dev.riffle.runner.container.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.riffle.api.StreamTask;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.io.RecordSource;
import dev.riffle.runner.testsupport.CapturingSink;
import dev.riffle.runner.testsupport.InMemoryLog;
import dev.riffle.runner.testsupport.ManualClock;

/**
 * A container relaunched while the broker is away waits for Kafka inside its loop ({@code awaitInputs}), on
 * the loop's thread, so that its heartbeat, started before the loop runs, goes on meanwhile and the AM does
 * not take it for a frozen container; a stop requested during the wait ends it.
 */
class InputsWaitTest {

    private final ManualClock clock = new ManualClock(0);
    private final InMemoryLog log = new InMemoryLog(500);
    /** How many partition-count calls still fail as if the broker were away. */
    private final AtomicInteger away = new AtomicInteger();
    private final AtomicReference<Runnable> onFailure = new AtomicReference<>(() -> { });

    private ContainerLoop loop() {
        log.createTopic("in", 1);
        final RecordSource source = (RecordSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RecordSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("partitionCount") && away.getAndDecrement() > 0) {
                        onFailure.get().run();
                        throw new TimeoutException("Timed out waiting for a node assignment (the broker is away)");
                    }
                    try {
                        return method.invoke(log, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        final StreamTask task = (m, c, k) -> { };
        final JobConfig config = JobConfig.of(Map.of("job.name", "unit", "task.class", task.getClass().getName(),
                "task.inputs", "in", "systems.kafka.bootstrap.servers", "127.0.0.1:9"));
        final RecordingStores stores = new RecordingStores(new ArrayList<>(), false);
        return ContainerLoop.create(config, "0", Map.of(0, List.of(new TopicPartition("in", 0))),
                new ContainerIo(source, new CapturingSink(), log, clock), (c, name, p) -> stores, p -> task);
    }

    @Test
    void shouldWaitWithBackoffUntilKafkaAnswers() {
        away.set(3);
        final ContainerLoop loop = loop();

        assertThat(loop.awaitInputs()).isTrue();

        assertThat(away.get()).isNegative();
        assertThat(clock.millis()).as("three waits of the standard backoff").isEqualTo(100 + 200 + 400);
    }

    @Test
    void shouldGiveUpWaitingWhenAStopIsRequested() {
        away.set(Integer.MAX_VALUE);
        final ContainerLoop loop = loop();
        final AtomicInteger failures = new AtomicInteger();
        onFailure.set(() -> {
            if (failures.incrementAndGet() == 5) {
                loop.requestStop(); // the AM's heartbeat reply says the job stops
            }
        });

        assertThat(loop.awaitInputs()).isFalse();
        assertThat(failures.get()).isEqualTo(5);
    }
}
