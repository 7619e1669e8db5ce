package dev.riffle.runner.model;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.container.ContainerLaunch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * One logical container, {@code 0..job.container.count-1}, and the tasks it runs. The id is stable
 * across restarts, so a relaunched container runs the same tasks.
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

    /**
     * A container's tasks rebuilt from the launch contract: the job's inputs and the partition list
     * of {@link ContainerLaunch#ENV_TASK_PARTITIONS}. Each task reads its partition of every input
     * topic whose partition count (from {@code partitionCounts}) covers it.
     *
     * @throws ConfigException if a partition is not a task of these inputs
     */
    public static ContainerModel forPartitions(String id, JobConfig config, List<Integer> partitions,
                                               Map<String, Integer> partitionCounts) {
        final List<String> inputs = config.get(RiffleConfig.TASK_INPUTS);
        final List<TaskModel> tasks = new ArrayList<>();
        for (int partition : new TreeSet<>(partitions)) {
            final List<TopicPartition> topicPartitions = new ArrayList<>();
            for (String topic : inputs) {
                final Integer count = partitionCounts.get(topic);
                if (count == null) {
                    throw new ConfigException(RiffleConfig.TASK_INPUTS.name(), "no partition count for input topic '"
                            + topic + "'; create the topic or fix task.inputs");
                }
                if (partition < count) {
                    topicPartitions.add(new TopicPartition(topic, partition));
                }
            }
            if (topicPartitions.isEmpty()) {
                throw new ConfigException(ContainerLaunch.ENV_TASK_PARTITIONS, "partition " + partition
                        + " exists in none of the inputs " + inputs + " (partition counts " + partitionCounts + ")");
            }
            tasks.add(new TaskModel(partition, topicPartitions));
        }
        return new ContainerModel(id, tasks);
    }

    /**
     * As {@link #forPartitions(String, JobConfig, List, Map)}, assuming every input topic has every
     * listed partition (true for co-partitioned inputs).
     */
    public static ContainerModel forPartitions(String id, JobConfig config, List<Integer> partitions) {
        final int beyondLast = partitions.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        final Map<String, Integer> counts = config.get(RiffleConfig.TASK_INPUTS).stream()
                .collect(Collectors.toMap(t -> t, t -> beyondLast, (a, b) -> a));
        return forPartitions(id, config, partitions, counts);
    }

    /**
     * Parses the compact partition list of {@link ContainerLaunch#ENV_TASK_PARTITIONS}, e.g.
     * {@code 0,2,4}.
     *
     * @throws ConfigException naming the variable if the text is not such a list
     */
    public static List<Integer> parsePartitionList(String text) {
        final List<Integer> partitions = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            final String item = part.trim();
            if (!item.matches("\\d{1,9}")) {
                throw new ConfigException(ContainerLaunch.ENV_TASK_PARTITIONS, "'" + text
                        + "' is not a comma-separated list of partition numbers, such as 0,2,4");
            }
            partitions.add(Integer.parseInt(item));
        }
        if (partitions.size() != new TreeSet<>(partitions).size()) {
            throw new ConfigException(ContainerLaunch.ENV_TASK_PARTITIONS, "'" + text + "' names a partition twice");
        }
        return List.copyOf(partitions);
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

    /** The compact form for {@link ContainerLaunch#ENV_TASK_PARTITIONS}, e.g. {@code 0,2,4}. */
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
