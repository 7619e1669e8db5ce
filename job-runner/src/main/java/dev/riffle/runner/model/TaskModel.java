package dev.riffle.runner.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * One task: partition {@code n} of every input topic that has it (Samza's GroupByPartition), named
 * {@code Partition <n>}. Its state and checkpoint are keyed by this name, so it must not change.
 */
public final class TaskModel implements Serializable, Comparable<TaskModel> {

    private static final long serialVersionUID = 1L;

    private final int partition;
    private final List<TopicPartition> inputs;

    /**
     * @param partition the task's number, which is the partition number it reads of each input
     * @param inputs the topic partitions it reads; all with partition number {@code partition}
     */
    public TaskModel(int partition, List<TopicPartition> inputs) {
        if (partition < 0) {
            throw new IllegalArgumentException("a task's partition cannot be negative, got " + partition);
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("task " + name(partition) + " must read at least one topic partition");
        }
        for (TopicPartition input : inputs) {
            if (input.partition() != partition) {
                throw new IllegalArgumentException("task " + name(partition) + " cannot read " + input
                        + ": a task reads only partition " + partition + " of its inputs");
            }
        }
        this.partition = partition;
        final List<TopicPartition> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparing(TopicPartition::topic));
        this.inputs = List.copyOf(sorted);
    }

    /** The name of the task for a partition, e.g. {@code Partition 3}. */
    public static String name(int partition) {
        return "Partition " + partition;
    }

    /** {@code Partition <n>}. */
    public String name() {
        return name(partition);
    }

    /** The partition number, which is also the task's number. */
    public int partition() {
        return partition;
    }

    /** The topic partitions this task reads, sorted by topic. */
    public List<TopicPartition> inputs() {
        return inputs;
    }

    @Override
    public int compareTo(TaskModel other) {
        return Integer.compare(partition, other.partition);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskModel t && t.partition == partition && t.inputs.equals(inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, inputs);
    }

    @Override
    public String toString() {
        return name() + inputs;
    }
}
