package dev.riffle.runner.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * One logical container, {@code 0..job.container.count-1}, and the tasks it runs. The id is stable
 * across restarts, so a relaunched container runs the same tasks. The application master ships it to
 * the container as a {@link dev.riffle.runner.protocol.ContainerModelDocument}.
 */
public final class ContainerModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final List<TaskModel> tasks;

    /** @param tasks the container's tasks, in any order; stored sorted by partition */
    public ContainerModel(String id, List<TaskModel> tasks) {
        this.id = Objects.requireNonNull(id);
        final List<TaskModel> sorted = new ArrayList<>(tasks);
        Collections.sort(sorted);
        this.tasks = List.copyOf(sorted);
    }

    /** The logical id, {@code "0"} upwards. */
    public String id() {
        return id;
    }

    /** The tasks, sorted by partition. */
    public List<TaskModel> tasks() {
        return tasks;
    }

    /** The task numbers (= partitions), ascending. */
    public List<Integer> partitions() {
        return tasks.stream().map(TaskModel::partition).collect(Collectors.toUnmodifiableList());
    }

    /** Every topic partition the container's consumer must be assigned. */
    public List<TopicPartition> topicPartitions() {
        return tasks.stream().flatMap(t -> t.inputs().stream()).collect(Collectors.toUnmodifiableList());
    }

    /** The task numbers comma-separated, e.g. {@code 0,2,4}, for logs. */
    public String partitionList() {
        return partitions().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerModel c && c.id.equals(id) && c.tasks.equals(tasks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, tasks);
    }

    @Override
    public String toString() {
        return "container " + id + " " + tasks;
    }
}
