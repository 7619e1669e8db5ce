package dev.riffle.yarn.am;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which partitions (= tasks) each logical container runs: task {@code i} goes to container
 * {@code i mod n}, with {@code n = min(job.container.count, tasks)}. Growing the task count keeps
 * every existing task on its container, so only containers that gain tasks change.
 */
public final class TaskLayout {

    private final int taskCount;
    private final Map<String, List<Integer>> partitionsByContainer;

    private TaskLayout(final int taskCount, final Map<String, List<Integer>> partitionsByContainer) {
        this.taskCount = taskCount;
        this.partitionsByContainer = partitionsByContainer;
    }

    /**
     * @param taskCount the number of tasks: the largest partition count among the inputs
     * @param configuredContainers {@code job.container.count}
     */
    public static TaskLayout of(final int taskCount, final int configuredContainers) {
        if (taskCount < 1) {
            throw new IllegalArgumentException("A job needs at least one task (input partition), got " + taskCount);
        }
        if (configuredContainers < 1) {
            throw new IllegalArgumentException("job.container.count must be at least 1, got " + configuredContainers);
        }
        final int containers = Math.min(taskCount, configuredContainers);
        final Map<String, List<Integer>> layout = new LinkedHashMap<>();
        for (int c = 0; c < containers; c++) {
            layout.put(Integer.toString(c), new ArrayList<>());
        }
        for (int task = 0; task < taskCount; task++) {
            layout.get(Integer.toString(task % containers)).add(task);
        }
        layout.replaceAll((id, partitions) -> Collections.unmodifiableList(partitions));
        return new TaskLayout(taskCount, Collections.unmodifiableMap(layout));
    }

    public int taskCount() {
        return taskCount;
    }

    /** Logical container ids, {@code "0"} upwards. */
    public List<String> containerIds() {
        return List.copyOf(partitionsByContainer.keySet());
    }

    /** The partitions of one logical container; empty when the layout has no such container. */
    public List<Integer> partitions(final String logicalId) {
        return partitionsByContainer.getOrDefault(logicalId, List.of());
    }

    public Map<String, List<Integer>> asMap() {
        return partitionsByContainer;
    }
}
