package dev.riffle.runner.model;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Which tasks exist and which container runs each: task {@code i} reads partition {@code i} of every
 * input topic that has it, and runs in container {@code i mod job.container.count}. Built by the
 * application master from the inputs' partition counts and handed to containers in slices.
 * Immutable and serialisable.
 */
public final class JobModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String jobName;
    private final String jobId;
    private final List<String> inputs;
    private final Map<String, Integer> partitionCounts;
    private final Map<String, ContainerModel> containers;

    private JobModel(String jobName, String jobId, List<String> inputs, Map<String, Integer> partitionCounts,
                     Map<String, ContainerModel> containers) {
        this.jobName = jobName;
        this.jobId = jobId;
        this.inputs = List.copyOf(inputs);
        this.partitionCounts = Collections.unmodifiableMap(new LinkedHashMap<>(partitionCounts));
        this.containers = Collections.unmodifiableMap(new LinkedHashMap<>(containers));
    }

    /**
     * The model for a job's configuration and its inputs' partition counts.
     *
     * @param partitionCounts partitions per input topic, e.g. from {@link TopicMetadata}
     * @throws ConfigException if an input has no partition count, or there are more containers than tasks
     */
    public static JobModel build(JobConfig config, Map<String, Integer> partitionCounts) {
        return build(config.get(RiffleConfig.JOB_NAME), config.get(RiffleConfig.JOB_ID),
                config.get(RiffleConfig.TASK_INPUTS), partitionCounts, config.get(RiffleConfig.JOB_CONTAINER_COUNT));
    }

    /** As {@link #build(JobConfig, Map)}, from the values themselves. */
    public static JobModel build(String jobName, String jobId, List<String> inputs,
                                 Map<String, Integer> partitionCounts, int containerCount) {
        if (containerCount < 1) {
            throw new ConfigException(RiffleConfig.JOB_CONTAINER_COUNT.name(), containerCount + " must be at least 1");
        }
        final Map<String, Integer> counts = checkedCounts(inputs, partitionCounts);
        final int taskCount = Collections.max(counts.values());
        if (containerCount > taskCount) {
            throw new ConfigException(RiffleConfig.JOB_CONTAINER_COUNT.name(), RiffleConfig.JOB_CONTAINER_COUNT.name()
                    + "=" + containerCount + " but the inputs have only " + taskCount + " partition"
                    + (taskCount == 1 ? "" : "s") + " " + counts + ": at most " + taskCount + " container"
                    + (taskCount == 1 ? "" : "s") + "; lower " + RiffleConfig.JOB_CONTAINER_COUNT.name()
                    + " or add partitions");
        }
        return new JobModel(jobName, jobId, inputs, counts, assign(inputs, counts, containerCount));
    }

    /**
     * This model after input partitions were added: new tasks go round-robin onto the existing
     * containers (task {@code i} to container {@code i mod n}), and existing tasks pick up the new
     * partitions of topics that now reach them. No existing task moves.
     *
     * @throws IllegalArgumentException if a topic lost partitions or disappeared, which Kafka does not allow
     */
    public JobModel withPartitionCounts(Map<String, Integer> newCounts) {
        final Map<String, Integer> counts = checkedCounts(inputs, newCounts);
        for (String topic : inputs) {
            if (counts.get(topic) < partitionCounts.get(topic)) {
                throw new IllegalArgumentException("input topic '" + topic + "' of job " + jobName + " shrank from "
                        + partitionCounts.get(topic) + " to " + counts.get(topic) + " partitions; Kafka cannot remove"
                        + " partitions, so the topic was probably deleted and recreated: restart the job");
            }
        }
        return new JobModel(jobName, jobId, inputs, counts, assign(inputs, counts, containers.size()));
    }

    private static Map<String, Integer> checkedCounts(List<String> inputs, Map<String, Integer> partitionCounts) {
        if (inputs.isEmpty()) {
            throw new ConfigException(RiffleConfig.TASK_INPUTS.name(), "must name at least one topic");
        }
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final List<String> missing = new ArrayList<>();
        for (String topic : inputs) {
            final Integer count = partitionCounts.get(topic);
            if (count == null || count < 1) {
                missing.add(topic);
            } else {
                counts.put(topic, count);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(RiffleConfig.TASK_INPUTS.name(), TopicMetadata.missingMessage(missing));
        }
        return counts;
    }

    private static Map<String, ContainerModel> assign(List<String> inputs, Map<String, Integer> counts,
                                                      int containerCount) {
        final int taskCount = Collections.max(counts.values());
        final List<List<TaskModel>> byContainer = new ArrayList<>();
        for (int c = 0; c < containerCount; c++) {
            byContainer.add(new ArrayList<>());
        }
        for (int partition = 0; partition < taskCount; partition++) {
            final List<TopicPartition> topicPartitions = new ArrayList<>();
            for (String topic : inputs) {
                if (partition < counts.get(topic)) {
                    topicPartitions.add(new TopicPartition(topic, partition));
                }
            }
            byContainer.get(partition % containerCount).add(new TaskModel(partition, topicPartitions));
        }
        final Map<String, ContainerModel> containers = new LinkedHashMap<>();
        for (int c = 0; c < containerCount; c++) {
            final String id = Integer.toString(c);
            containers.put(id, new ContainerModel(id, byContainer.get(c)));
        }
        return containers;
    }

    /** {@code job.name}. */
    public String jobName() {
        return jobName;
    }

    /** {@code job.id}. */
    public String jobId() {
        return jobId;
    }

    /** The input topics, in configuration order. */
    public List<String> inputs() {
        return inputs;
    }

    /** Partitions per input topic that this model was built from. */
    public Map<String, Integer> partitionCounts() {
        return partitionCounts;
    }

    /** The number of tasks: the largest partition count among the inputs. */
    public int taskCount() {
        return Collections.max(partitionCounts.values());
    }

    /** The containers by logical id, {@code "0"} upwards. */
    public Map<String, ContainerModel> containers() {
        return containers;
    }

    /**
     * One container's slice.
     *
     * @throws IllegalArgumentException naming the known ids if there is no such container
     */
    public ContainerModel container(String id) {
        final ContainerModel container = containers.get(id);
        if (container == null) {
            throw new IllegalArgumentException("job " + jobName + " has no container " + id + "; its containers are "
                    + containers.keySet());
        }
        return container;
    }

    /** Every task, by partition. */
    public List<TaskModel> tasks() {
        return containers.values().stream().flatMap(c -> c.tasks().stream()).sorted()
                .collect(Collectors.toUnmodifiableList());
    }

    /** The ids of containers whose tasks differ in {@code other}, e.g. after partitions were added. */
    public Set<String> changedContainers(JobModel other) {
        final Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, ContainerModel> entry : other.containers.entrySet()) {
            if (!entry.getValue().equals(containers.get(entry.getKey()))) {
                changed.add(entry.getKey());
            }
        }
        return changed;
    }

    /** A one-line description for logs, e.g. {@code visitor-counter_1: 0=[0,2] 1=[1,3]}. */
    public String describe() {
        return new JobIdentity(jobName, jobId).applicationName() + ": " + containers.values().stream()
                .map(c -> c.id() + "=[" + c.partitionList() + "]").collect(Collectors.joining(" "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobModel m && m.jobName.equals(jobName) && m.jobId.equals(jobId)
                && m.inputs.equals(inputs) && m.partitionCounts.equals(partitionCounts)
                && m.containers.equals(containers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, jobId, inputs, partitionCounts, containers);
    }

    @Override
    public String toString() {
        return "JobModel " + describe();
    }
}
