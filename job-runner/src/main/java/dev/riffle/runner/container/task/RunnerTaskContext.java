package dev.riffle.runner.container.task;

import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskMetrics;
import dev.riffle.api.config.Config;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.store.TaskStores;

/** The {@link TaskContext} handed to {@code init}. */
final class RunnerTaskContext implements TaskContext {

    private final String taskName;
    private final int partition;
    private final Config config;
    private final TaskStores stores;
    private final TaskMetrics metrics;

    RunnerTaskContext(final String taskName, final int partition, final Config config, final TaskStores stores,
                      final TaskMetrics metrics) {
        this.taskName = taskName;
        this.partition = partition;
        this.config = config;
        this.stores = stores;
        this.metrics = metrics;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public <K, V> KeyValueStore<K, V> store(final String name) {
        return stores.store(name);
    }

    @Override
    public TaskMetrics metrics() {
        return metrics;
    }
}
