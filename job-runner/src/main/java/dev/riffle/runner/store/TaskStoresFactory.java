package dev.riffle.runner.store;

import dev.riffle.runner.config.JobConfig;

/** Opens the stores of one task; the runtime calls it once per task at container start. */
@FunctionalInterface
public interface TaskStoresFactory {

    /**
     * @param config the job's configuration ({@code stores.<name>.*}, {@code task.checkpoint.store})
     * @param taskName {@code Partition <n>}
     * @param partition the task's partition number
     */
    TaskStores open(JobConfig config, String taskName, int partition);
}
