package dev.riffle.yarn.am.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.TaskReport;
import dev.riffle.yarn.am.JobSnapshot;

/**
 * Turns what the application master knows (its own state plus every container's last heartbeat)
 * into Prometheus text exposition format 0.0.4. Every name and label is documented in
 * {@code docs/metrics.md}; keep the two in step.
 */
public final class PrometheusRenderer {

    /** The content type of the text format. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /** Where the job is: the AM's job state, its attempt and how long it has been up. */
    public record AmState(String applicationId, int attempt, long uptimeMs) {
    }

    private static final List<String> CONTAINER_STATES = List.of("WAITING", "LAUNCHING", "RUNNING", "STOPPING",
            "FINISHED");
    private static final List<String> JOB_STATES = List.of("STARTING", "RUNNING", "STOPPING", "STOPPED", "SUCCEEDED",
            "FAILED");

    private PrometheusRenderer() {
    }

    /** The text served at {@code GET /metrics}. */
    public static String render(final JobSnapshot job, final AmState am, final long nowMs) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, snapshots(job, am, nowMs));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the metrics of job " + job.jobName() + ": " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The metrics in the Prometheus client's model. */
    static MetricSnapshots snapshots(final JobSnapshot job, final AmState am, final long nowMs) {
        final MetricFamilies f = new MetricFamilies();
        final Labels jobLabels = Labels.of("job", job.jobName());
        f.gauge("riffle_job_info", "Always 1; labels name the job's YARN application and the AM attempt.",
                jobLabels.add("application_id", am.applicationId()).add("attempt", String.valueOf(am.attempt())), 1);
        for (String state : JOB_STATES) {
            f.gauge("riffle_job_state", "1 for the job's current state, 0 for the others.",
                    jobLabels.add("state", state), state.equals(job.state()) ? 1 : 0);
        }
        f.gauge("riffle_job_uptime_seconds", "Seconds since this application master attempt started.", jobLabels,
                am.uptimeMs() / 1000.0);
        f.gauge("riffle_job_tasks", "Tasks of the job (one per input partition number).", jobLabels, job.taskCount());
        for (String state : CONTAINER_STATES) {
            f.gauge("riffle_job_containers", "Logical containers in each state.", jobLabels.add("state", state),
                    job.containers().stream().filter(c -> state.equals(c.state())).count());
        }
        for (JobSnapshot.Container c : job.containers()) {
            container(f, jobLabels.add("container", c.logicalId()), c, nowMs);
        }
        return f.build();
    }

    private static void container(final MetricFamilies f, final Labels labels, final JobSnapshot.Container c,
                                  final long nowMs) {
        f.counter("riffle_container_restarts", "Times the AM relaunched this logical container (failures and lost"
                + " nodes).", labels, c.restarts());
        f.gauge("riffle_container_last_exit_status", "Exit status of the container's previous process.", labels,
                c.lastExitStatus());
        f.gauge("riffle_container_heartbeat_age_seconds", "Seconds since the container's last heartbeat.", labels,
                c.lastReportMs() == 0 ? null : (nowMs - c.lastReportMs()) / 1000.0);
        final ContainerReport.Measurements m = c.report() == null ? null : c.report().measurements();
        if (m == null) {
            return;
        }
        f.counter("riffle_container_heartbeat_failures", "Heartbeats to the AM that got no usable answer, as the"
                + " container counted them.", labels, m.heartbeatFailures());
        f.counter("riffle_container_polls", "Polls of the container's Kafka consumer.", labels, m.polls());
        f.gauge("riffle_container_paused_partitions", "Partitions paused because their task is behind.", labels,
                m.pausedPartitions());
        for (TaskReport t : m.tasks()) {
            task(f, labels, t);
        }
    }

    private static void task(final MetricFamilies f, final Labels containerLabels, final TaskReport t) {
        final String partition = String.valueOf(t.partition());
        final Labels taskLabels = containerLabels.add("task", String.valueOf(t.task()));
        final Labels labels = taskLabels.add("partition", partition);
        f.counter("riffle_task_records_processed", "Records handed to the task's code.", labels, t.records());
        f.gauge("riffle_task_records_per_second", "Records processed per second over the last second.", labels,
                t.recordsPerSecond());
        f.histogram("riffle_task_batch_size_records", "Records per batch handed to the task.", labels, t.batchSize());
        f.histogram("riffle_task_process_seconds", "Time the task's code took per batch.", labels, t.processSeconds());
        f.histogram("riffle_task_commit_seconds", "Time per commit: store writes, producer flush, checkpoint.",
                labels, t.commitSeconds());
        f.counter("riffle_task_windows", "Calls of window().", labels, t.windows());
        f.counter("riffle_task_skipped_records", "Records skipped under task.error.policy=skip.", labels, t.skipped());
        f.counter("riffle_task_retries", "Store or broker operations retried after a backoff.", labels, t.retries());
        t.deadLetteredByReason().forEach((reason, n) -> f.counter("riffle_task_dead_lettered_records",
                "Records sent to the dead-letter topic, by reason.", labels.add("reason", reason), n));
        flow(f, labels, t.flow());
        for (TaskReport.PartitionLag l : t.lag()) {
            f.gauge("riffle_partition_lag_records", "Records between the consumer's position and the end of the"
                    + " partition.", taskLabels.add("topic", l.topic()).add("partition", String.valueOf(l.partition())),
                    l.lag());
        }
        t.offsets().forEach((topic, offset) -> f.gauge("riffle_partition_committed_offset", "Next offset to read as of"
                + " the task's last commit.", taskLabels.add("topic", topic).add("partition", partition), offset));
        for (TaskReport.StoreReport s : t.stores()) {
            store(f, labels, s);
        }
    }

    private static void flow(final MetricFamilies f, final Labels labels, final TaskReport.Flow flow) {
        f.gauge("riffle_task_buffered_bytes", "Bytes of polled records the task holds, not yet handed over.", labels,
                flow.bufferedBytes());
        f.gauge("riffle_task_buffered_bytes_peak", "Most bytes the task has held at once.", labels,
                flow.bufferedBytesPeak());
        f.counter("riffle_task_buffer_pauses", "Times the task's partitions paused because its buffer was full"
                + " (task.buffer.max.bytes or two batches).", labels, flow.pauses());
        f.counter("riffle_task_output_send_failures", "Outputs of the task that could never be sent and were handled"
                + " by task.error.policy.", labels, flow.outputFailed());
        f.counter("riffle_task_dead_letter_send_failures", "Dead letters that could never be sent and were dropped.",
                labels, flow.deadLetterFailed());
        flow.sendFailedByReason().forEach((reason, n) -> f.counter("riffle_task_send_failures", "Sends that failed"
                + " for good (outputs and dead letters), by reason.", labels.add("reason", reason), n));
    }

    private static void store(final MetricFamilies f, final Labels taskLabels, final TaskReport.StoreReport s) {
        final Labels labels = taskLabels.add("store", String.valueOf(s.store()));
        f.counter("riffle_store_keys_read", "Keys read from the store's backend.", labels, s.keysRead());
        f.counter("riffle_store_cache_hits", "Keys read from the store's read cache instead of its backend.", labels,
                s.cacheHits());
        f.counter("riffle_store_keys_written", "Keys written to the store's backend.", labels, s.keysWritten());
        f.counter("riffle_store_retries", "Backend calls repeated after a retriable failure.", labels, s.retries());
        for (TaskReport.StoreOperation op : s.operations()) {
            final Labels opLabels = labels.add("op", String.valueOf(op.op()));
            f.histogram("riffle_store_call_seconds", "Latency of backend calls, retries included.", opLabels,
                    op.seconds());
            f.counter("riffle_store_errors", "Backend calls that failed after every retry.", opLabels, op.errors());
        }
    }
}
