package dev.riffle.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TaskStatsReportTest {

    @Test
    void shouldReportDistributionsLagPerPartitionAndDeadLettersPerReason() {
        final TaskStats task = new TaskStats("Partition 2");
        task.batchProcessed(7, 3_000_000);
        task.committed(20_000_000);
        task.deadLettered("late");
        task.deadLettered("late");
        task.deadLettered("deserialization");
        task.lag("my-visits-2", 42);

        final Map<String, Object> r = task.report();

        assertThat(r.get("records")).isEqualTo(7L);
        assertThat(r.get("dead-lettered")).isEqualTo(3L);
        assertThat(r.get("dead-lettered-by-reason")).isEqualTo(Map.of("late", 2L, "deserialization", 1L));
        assertThat(r.get("lag")).isEqualTo(List.of(Map.of("topic", "my-visits", "partition", "2", "lag", 42L)));
        assertThat(((Map<?, ?>) r.get("batch-size")).get("count")).isEqualTo(1L);
        assertThat((Double) ((Map<?, ?>) r.get("process-seconds")).get("sum")).isEqualTo(0.003);
        assertThat((Double) ((Map<?, ?>) r.get("commit-seconds")).get("sum")).isEqualTo(0.02);
        assertThat(task.snapshot()).containsEntry("dead-lettered.late", 2L).containsEntry("commit-ms-p99", 25.0);
    }

    @Test
    void shouldCountReasonsBeyondTheCapAsOther() {
        final TaskStats task = new TaskStats("Partition 0");
        for (int i = 0; i < TaskStats.MAX_REASONS + 5; i++) {
            task.deadLettered("reason-" + i);
        }

        assertThat(task.deadLetteredByReason()).hasSize(TaskStats.MAX_REASONS + 1)
                .containsEntry(TaskStats.OTHER_REASON, 5L);
    }
}
