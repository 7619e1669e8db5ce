package dev.riffle.runner.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.riffle.runner.protocol.ContainerTotals;

/**
 * The metrics of one container: the sum over its tasks plus what belongs to the container (polls,
 * paused partitions). {@link #totals} is what the container reports to the application master.
 */
public final class ContainerStats {

    private final String job;
    private final String containerId;
    private final List<TaskStats> tasks = new CopyOnWriteArrayList<>();
    private volatile long polls;
    private volatile long pausedPartitions;
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong heartbeatFailures = new AtomicLong();

    public ContainerStats(final String job, final String containerId) {
        this.job = job;
        this.containerId = containerId;
    }

    /** The job name ({@code job.name}-{@code job.id}). */
    public String job() {
        return job;
    }

    /** The logical container id. */
    public String containerId() {
        return containerId;
    }

    /** Adds a task's metrics. */
    public void add(final TaskStats task) {
        tasks.add(task);
    }

    /** The tasks' metrics. */
    public List<TaskStats> tasks() {
        return List.copyOf(tasks);
    }

    /** One poll of the consumer happened. */
    public void polled() {
        polls++;
    }

    /** The number of partitions paused because their task's buffer is full. */
    public void pausedPartitions(final long count) {
        pausedPartitions = count;
    }

    /** A heartbeat to the application master was answered. */
    public void heartbeatSent() {
        heartbeats.incrementAndGet();
    }

    /** A heartbeat to the application master got no usable answer. */
    public void heartbeatFailed() {
        heartbeatFailures.incrementAndGet();
    }

    /** Heartbeats that got no usable answer so far. */
    public long heartbeatFailures() {
        return heartbeatFailures.get();
    }

    /** Polls of the consumer so far. */
    public long polls() {
        return polls;
    }

    /** Partitions paused now because their task's buffer is full. */
    public long pausedPartitionCount() {
        return pausedPartitions;
    }

    /** Totals over the tasks plus the container's own numbers: the {@code metrics} of a heartbeat. */
    public ContainerTotals totals() {
        long records = 0;
        double rate = 0;
        long deadLettered = 0;
        long skipped = 0;
        long lag = 0;
        long commits = 0;
        for (TaskStats t : tasks) {
            records += t.records();
            rate += t.recordsPerSecond();
            deadLettered += t.deadLetteredCount();
            skipped += t.skippedCount();
            lag += t.totalLag();
            commits += t.commits();
        }
        return new ContainerTotals(tasks.size(), records, rate, deadLettered, skipped, lag, commits, polls,
                pausedPartitions, heartbeats.get(), heartbeatFailures.get());
    }

    /** The totals by name, for JMX. */
    public Map<String, Object> snapshot() {
        final ContainerTotals t = totals();
        final Map<String, Object> s = new TreeMap<>();
        s.put("tasks", t.tasks());
        s.put("records", t.records());
        s.put("records-per-second", t.recordsPerSecond());
        s.put("dead-lettered", t.deadLettered());
        s.put("skipped", t.skipped());
        s.put("lag", t.lag());
        s.put("commits", t.commits());
        s.put("polls", t.polls());
        s.put("paused-partitions", t.pausedPartitions());
        s.put("heartbeats", t.heartbeats());
        s.put("heartbeat-failures", t.heartbeatFailures());
        return s;
    }
}
