package dev.riffle.runner.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metrics of one container: the sum over its tasks plus what belongs to the container (polls,
 * paused partitions). {@link #snapshot} is what the application master's status page reads.
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

    /** Totals over the tasks plus the container's own numbers. */
    public Map<String, Object> snapshot() {
        final Map<String, Object> s = new TreeMap<>();
        long records = 0;
        double rate = 0;
        long deadLettered = 0;
        long skipped = 0;
        long lag = 0;
        long commits = 0;
        for (TaskStats t : tasks) {
            final Map<String, Object> ts = t.snapshot();
            records += (Long) ts.get("records");
            rate += (Double) ts.get("records-per-second");
            deadLettered += (Long) ts.get("dead-lettered");
            skipped += (Long) ts.get("skipped");
            lag += (Long) ts.get("lag");
            commits += (Long) ts.get("commits");
        }
        s.put("tasks", (long) tasks.size());
        s.put("records", records);
        s.put("records-per-second", rate);
        s.put("dead-lettered", deadLettered);
        s.put("skipped", skipped);
        s.put("lag", lag);
        s.put("commits", commits);
        s.put("polls", polls);
        s.put("paused-partitions", pausedPartitions);
        s.put("heartbeats", heartbeats.get());
        s.put("heartbeat-failures", heartbeatFailures.get());
        return s;
    }
}
