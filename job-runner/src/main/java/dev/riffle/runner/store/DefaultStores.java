package dev.riffle.runner.store;

import dev.riffle.runner.config.JobConfig;

/**
 * The production {@link TaskStoresFactory}: {@link NoStores} for a job without {@code stores.*}, else
 * the stores assembled by {@link StoreAssembly} (serdes, write buffer, retries, checkpoints).
 */
public final class DefaultStores implements TaskStoresFactory {

    @Override
    public TaskStores open(final JobConfig config, final String taskName, final int partition) {
        if (StoreAssembly.storeNames(config).isEmpty()) {
            return new NoStores();
        }
        return StoreAssembly.open(config, taskName, partition);
    }
}
