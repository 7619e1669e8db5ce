package dev.riffle.runner.container.task;

import java.util.List;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.container.io.RecordSource;
import dev.riffle.runner.metrics.TaskStats;

/**
 * A task's partitions at the source: paused while the task's buffer holds too much
 * ({@code task.buffer.max.bytes}, or more than two batches) and resumed once it drains, so that memory
 * stays bounded; and their consumer lag, read into the task's metrics about once a second. Loop thread only.
 */
final class FlowControl {

    private static final long LAG_PERIOD_MS = 1_000;

    private final List<TopicPartition> partitions;
    private final RecordSource source;
    private final TaskBuffer<?> buffer;
    private final TaskStats stats;
    private final PeriodicSchedule lagSchedule;
    private boolean paused;

    FlowControl(final List<TopicPartition> partitions, final RecordSource source, final TaskBuffer<?> buffer,
                final TaskStats stats, final long nowMs) {
        this.partitions = partitions;
        this.source = source;
        this.buffer = buffer;
        this.stats = stats;
        this.lagSchedule = new PeriodicSchedule(LAG_PERIOD_MS, nowMs - LAG_PERIOD_MS);
    }

    /** Pauses the partitions when the buffer is too full, resumes them once it drains; returns whether paused. */
    boolean update() {
        stats.buffered(buffer.bytes(), buffer.peakBytes());
        if (!paused && buffer.shouldPause()) {
            source.pause(partitions);
            paused = true;
            stats.paused();
        } else if (paused && buffer.mayResume()) {
            source.resume(partitions);
            paused = false;
        }
        return paused;
    }

    /** Reads the consumer lag of the partitions into the metrics, about once a second. */
    void refreshLag(final long nowMs) {
        if (!lagSchedule.isDue(nowMs)) {
            return;
        }
        lagSchedule.ran(nowMs);
        for (TopicPartition tp : partitions) {
            source.lag(tp).ifPresent(lag -> stats.lag(tp.toString(), lag));
        }
    }
}
