package dev.riffle.runner.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.model.TaskModel;

/**
 * A container's slice of the job model as the application master ships it to the container, in the
 * launch environment ({@code RIFFLE_CONTAINER_MODEL}, docs/yarn.md, section 3). The container runs
 * exactly these tasks on exactly these input partitions; it derives nothing.
 *
 * <p>Compact on purpose, because it travels in an environment variable: a task reads the same
 * partition number of each of its topics, so it is listed as its partition and its topics. In the
 * variable the JSON is Base64-encoded ({@link #encode}), because YARN writes environment values into
 * the container's launch script between double quotes without escaping the quotes JSON is full of.
 *
 * @param job {@code <job.name>-<job.id>}, so a container refuses a model meant for another job
 * @param container the logical container id
 */
public record ContainerModelDocument(int protocol, String job, String container, List<Task> tasks)
        implements Versioned {

    /**
     * The largest encoded document the AM puts in the environment: well below Linux's limit on one
     * environment string (128 KiB), with room for the rest of the container's environment.
     */
    public static final int MAX_BYTES = 64 * 1024;

    public ContainerModelDocument {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** One task: partition {@code partition} of each of {@code topics}. */
    public record Task(int partition, List<String> topics) {
        public Task {
            topics = topics == null ? List.of() : List.copyOf(topics);
        }
    }

    /** The document of a container of the job model. */
    public static ContainerModelDocument of(final String job, final ContainerModel model) {
        final List<Task> tasks = new ArrayList<>();
        for (TaskModel task : model.tasks()) {
            tasks.add(new Task(task.partition(), task.inputs().stream().map(TopicPartition::topic).toList()));
        }
        return new ContainerModelDocument(WireFormat.VERSION, job, model.id(), tasks);
    }

    /**
     * The text for the launch environment: the JSON in Base64, which holds only characters a shell
     * leaves alone between double quotes.
     *
     * @throws IllegalArgumentException when it is longer than {@link #MAX_BYTES}, naming the way out
     */
    public String encode() {
        final String encoded = Base64.getEncoder().encodeToString(WireFormat.toBytes(this));
        if (encoded.length() > MAX_BYTES) {
            throw new IllegalArgumentException("the model of logical container " + container + " of job " + job
                    + " (" + tasks.size() + " tasks) takes " + encoded.length() + " bytes, more than the " + MAX_BYTES
                    + " a container's launch environment may hold; raise job.container.count so that each container"
                    + " runs fewer tasks");
        }
        return encoded;
    }

    /**
     * Reads the text of {@link #encode}.
     *
     * @throws IllegalArgumentException if it is not Base64 of a document of this shape
     * @throws UnsupportedProtocolException if the document is of a newer protocol version
     */
    public static ContainerModelDocument decode(final String text) {
        final byte[] json;
        try {
            json = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not Base64-encoded JSON (" + e.getMessage() + ")", e);
        }
        return WireFormat.read(json, ContainerModelDocument.class);
    }

    /**
     * The model the container runs.
     *
     * @throws IllegalArgumentException when the document names no task or a task without topics
     */
    public ContainerModel toModel() {
        if (container == null || container.isBlank()) {
            throw new IllegalArgumentException("the container model names no container");
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("the model of container " + container + " names no task");
        }
        final List<TaskModel> models = new ArrayList<>();
        final Set<Integer> seen = new HashSet<>();
        for (Task task : tasks) {
            if (!seen.add(task.partition())) {
                throw new IllegalArgumentException("the model of container " + container + " names task "
                        + TaskModel.name(task.partition()) + " twice");
            }
            if (task.topics().isEmpty()) {
                throw new IllegalArgumentException("task " + TaskModel.name(task.partition()) + " of container "
                        + container + " names no input topic");
            }
            models.add(new TaskModel(task.partition(),
                    task.topics().stream().map(t -> new TopicPartition(t, task.partition())).toList()));
        }
        return new ContainerModel(container, models);
    }
}
