package dev.riffle.examples.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.riffle.api.OutgoingMessage;
import dev.riffle.testkit.TaskTestDriver;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ActionCounterTaskTest {

    @Test
    void shouldSendTheRunningTotalOfEachAction() {
        try (TaskTestDriver driver = TaskTestDriver.of(ActionCounterTask.class, Map.of(
                "task.inputs", "visits",
                "streams.visits.msg.serde", "json",
                "streams.action-counts.msg.serde", "long",
                "stores.actions.factory", "memory",
                "stores.actions.value.serde", "long"))) {
            driver.input("visits", 0, "v-1", Map.of("visitor", "v-1", "action", "search", "ts", 1))
                    .input("visits", 0, "v-2", Map.of("visitor", "v-2", "action", "book", "ts", 2))
                    .input("visits", 0, "v-1", Map.of("visitor", "v-1", "action", "search", "ts", 3))
                    .runUntilIdle();

            assertThat(driver.outputs("action-counts")).extracting(OutgoingMessage::key, OutgoingMessage::value)
                    .containsExactly(
                            tuple("search", 1L),
                            tuple("book", 1L),
                            tuple("search", 2L));
            assertThat(driver.<String, Long>store("actions").get("search")).isEqualTo(2L);
        }
    }
}
