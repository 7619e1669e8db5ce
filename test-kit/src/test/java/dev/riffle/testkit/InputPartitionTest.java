package dev.riffle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class InputPartitionTest {

    @Test
    void shouldPrintAsTopicDashPartition() {
        assertThat(new InputPartition("page-views", 3)).hasToString("page-views-3");
    }

    @Test
    void shouldOrderByTopicThenByPartitionNumber() {
        final TreeSet<InputPartition> sorted = new TreeSet<>(List.of(new InputPartition("b", 0),
                new InputPartition("a", 10), new InputPartition("a", 2)));

        assertThat(sorted).containsExactly(new InputPartition("a", 2), new InputPartition("a", 10),
                new InputPartition("b", 0));
    }

    @Test
    void shouldRefuseANegativePartitionNamingTheTopic() {
        assertThatThrownBy(() -> new InputPartition("events", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events").hasMessageContaining("-1");
    }
}
