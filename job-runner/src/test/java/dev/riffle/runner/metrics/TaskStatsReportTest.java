package dev.riffle.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.runner.protocol.TaskReport;

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

        final TaskReport r = task.report(2, Map.of("my-visits", 10L));

        assertThat(r.records()).isEqualTo(7L);
        assertThat(r.partition()).isEqualTo(2);
        assertThat(r.offsets()).isEqualTo(Map.of("my-visits", 10L));
        assertThat(r.deadLettered()).isEqualTo(3L);
        assertThat(r.deadLetteredByReason()).isEqualTo(Map.of("late", 2L, "deserialization", 1L));
        assertThat(r.lag()).isEqualTo(List.of(new TaskReport.PartitionLag("my-visits", 2, 42L)));
        assertThat(r.batchSize().count()).isEqualTo(1L);
        assertThat(r.processSeconds().sum()).isEqualTo(0.003);
        assertThat(r.commitSeconds().sum()).isEqualTo(0.02);
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
