package dev.riffle.yarn.am.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.TaskReport;
import dev.riffle.runner.protocol.WireFormat;
import dev.riffle.yarn.am.JobSnapshot;

class PrometheusRendererTest {

    /** A container's heartbeat as the AM receives it: a task's real report, through JSON. */
    private static ContainerReport heartbeat() {
        final TaskStats task = new TaskStats("Partition 2");
        task.batchProcessed(300, 4_000_000);
        task.batchProcessed(200, 1_000_000);
        task.committed(12_000_000);
        task.deadLettered("late");
        task.lag("visits-2", 17);
        task.buffered(4_096, 65_536);
        task.paused();
        task.sendFailed(true, "unknown-topic");
        final TaskReport reported = task.report(2, Map.of("visits", 500L));
        // What TaskStats reports of one store (its StoreMetrics are fed by the store stack, see WriteBufferCacheTest).
        final TaskReport t = new TaskReport(reported.task(), reported.partition(), reported.offsets(),
                reported.records(), reported.recordsPerSecond(), reported.batches(), reported.commits(),
                reported.windows(), reported.skipped(), reported.retries(), reported.deadLettered(),
                reported.deadLetteredByReason(), reported.batchSize(), reported.processSeconds(),
                reported.commitSeconds(), reported.lag(),
                List.of(new TaskReport.StoreReport("visitors", 40, 60, 25, 1, List.of())), reported.flow());
        final ContainerReport report = new ContainerReport(WireFormat.VERSION, "0", "container_a", 7, null, List.of(),
                new ContainerReport.Measurements(40, 0, 1, List.of(t)));
        return WireFormat.read(WireFormat.toBytes(report), ContainerReport.class);
    }

    private static JobSnapshot job() {
        return new JobSnapshot("visitor-counter_1", "RUNNING", "", 2, List.of(
                new JobSnapshot.Container("0", List.of(0, 2), "RUNNING", "container_a", "h1", 3, 137, "killed",
                        heartbeat(), 9_000),
                new JobSnapshot.Container("1", List.of(1), "WAITING", null, null, 0, null, null, null, 0)));
    }

    @Test
    void shouldWriteStrictlyParseableTextWithTheDocumentedNamesAndLabels() throws Exception {
        final String text = PrometheusRenderer.render(job(), new PrometheusRenderer.AmState("application_1_0001", 1, 5_000),
                10_000);

        final Map<String, PrometheusText.Family> families = PrometheusText.parse(text);

        assertThat(families).containsKeys("riffle_job_info", "riffle_job_state", "riffle_job_uptime_seconds",
                "riffle_job_tasks", "riffle_job_containers", "riffle_container_restarts_total",
                "riffle_container_heartbeat_age_seconds", "riffle_container_heartbeat_failures_total",
                "riffle_task_records_processed_total", "riffle_task_batch_size_records", "riffle_task_process_seconds",
                "riffle_task_commit_seconds", "riffle_task_dead_lettered_records_total", "riffle_partition_lag_records",
                "riffle_partition_committed_offset");
        assertThat(families.get("riffle_task_records_processed_total").type()).isEqualTo("counter");
        assertThat(families.get("riffle_task_process_seconds").type()).isEqualTo("histogram");
        assertThat(value(families, "riffle_task_records_processed_total",
                Map.of("job", "visitor-counter_1", "container", "0", "task", "Partition 2", "partition", "2")))
                .isEqualTo(500);
        assertThat(value(families, "riffle_partition_lag_records",
                Map.of("job", "visitor-counter_1", "container", "0", "task", "Partition 2", "topic", "visits",
                        "partition", "2"))).isEqualTo(17);
        assertThat(value(families, "riffle_task_dead_lettered_records_total", Map.of("reason", "late"))).isEqualTo(1);
        assertThat(value(families, "riffle_container_restarts_total", Map.of("container", "0"))).isEqualTo(3);
        assertThat(value(families, "riffle_container_heartbeat_age_seconds", Map.of("container", "0"))).isEqualTo(1.0);
        assertThat(value(families, "riffle_job_state", Map.of("state", "RUNNING"))).isEqualTo(1);
        assertThat(value(families, "riffle_job_state", Map.of("state", "FAILED"))).isEqualTo(0);
        assertThat(value(families, "riffle_job_containers", Map.of("state", "WAITING"))).isEqualTo(1);
        assertThat(families.get("riffle_task_process_seconds").samples())
                .anySatisfy(s -> assertThat(s).isEqualTo(new PrometheusText.Sample("riffle_task_process_seconds_count",
                        Map.of("job", "visitor-counter_1", "container", "0", "task", "Partition 2", "partition", "2"), 2)));
        assertThat(value(families, "riffle_task_process_seconds_sum", Map.of("container", "0"))).isEqualTo(0.005);
        assertThat(value(families, "riffle_task_batch_size_records_bucket", Map.of("le", "200.0"))).isEqualTo(1);
        assertThat(value(families, "riffle_task_batch_size_records_bucket", Map.of("le", "500.0"))).isEqualTo(2);
        assertThat(value(families, "riffle_store_keys_read_total", Map.of("store", "visitors"))).isEqualTo(40);
        assertThat(value(families, "riffle_task_buffered_bytes", Map.of("partition", "2"))).isEqualTo(4_096);
        assertThat(value(families, "riffle_task_buffered_bytes_peak", Map.of("partition", "2"))).isEqualTo(65_536);
        assertThat(value(families, "riffle_task_buffer_pauses_total", Map.of("partition", "2"))).isEqualTo(1);
        assertThat(value(families, "riffle_task_dead_letter_send_failures_total", Map.of("partition", "2"))).isEqualTo(1);
        assertThat(value(families, "riffle_task_output_send_failures_total", Map.of("partition", "2"))).isEqualTo(0);
        assertThat(value(families, "riffle_task_send_failures_total", Map.of("reason", "unknown-topic"))).isEqualTo(1);
        assertThat(value(families, "riffle_store_cache_hits_total", Map.of("store", "visitors", "task", "Partition 2")))
                .isEqualTo(60);
        assertThat(families.get("riffle_store_cache_hits_total").type()).isEqualTo("counter");
    }

    @Test
    void shouldServeOnlyTheAmsOwnMetricsBeforeAnyHeartbeat() {
        final JobSnapshot idle = new JobSnapshot("j_1", "STARTING", "", 0, List.of(
                new JobSnapshot.Container("0", List.of(0), "WAITING", null, null, 0, null, null, null, 0)));

        final Map<String, PrometheusText.Family> families = PrometheusText.parse(
                PrometheusRenderer.render(idle, new PrometheusRenderer.AmState("unknown", 0, 0), 1));

        assertThat(families).containsKeys("riffle_job_state", "riffle_container_restarts_total")
                .doesNotContainKeys("riffle_task_records_processed_total", "riffle_container_heartbeat_age_seconds");
    }

    @Test
    void theParserShouldRejectTextOutsideTheFormat() {
        assertThatThrownBy(() -> PrometheusText.parse("riffle_x{a=\"1\" 2\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("riffle_x 1\n# TYPE riffle_x gauge\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                + "h_count 1\nh_sum 1\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("a 1\nb 1\na{x=\"y\"} 1\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPublishTheAmStateOverJmxAttributes() throws Exception {
        final Map<String, Object> a = AmMetrics.jmxAttributes(job(), "application_1_0001", 2);

        assertThat(a).containsEntry("state", "RUNNING").containsEntry("tasks", 2L).containsEntry("containers-running", 1L)
                .containsEntry("containers-waiting", 1L).containsEntry("container-restarts", 3L)
                .containsEntry("containers-last-exit-failed", 1L).containsEntry("attempt", 2L);
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}. */
    private static double value(final Map<String, PrometheusText.Family> families, final String name,
                                final Map<String, String> labels) {
        final List<PrometheusText.Sample> matches = families.values().stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        assertThat(matches).as("samples of %s with %s", name, labels).hasSize(1);
        return matches.get(0).value();
    }
}
