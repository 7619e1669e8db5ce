package dev.riffle.runner.store;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.serde.Serde;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreSpec;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.runner.config.ConfigValidator;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.serde.Serdes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds a task's stores, the one place where the layers are stacked. From the task inwards:
 * serdes ({@link SerdeStore}), the per-batch write buffer with read-your-writes ({@link WriteBuffer}),
 * metrics ({@link MeteredBackend}), the task's namespace ({@link NamespacedBackend}), and the backend shared
 * by the container ({@link BackendRegistry}). No layer retries: a retriable {@code StoreException} reaches the
 * runtime, whose one retry layer pauses the task and retries it with backoff (see docs/state.md, Outages).
 */
public final class StoreAssembly {

    private StoreAssembly() {
    }

    /** The names of the configured stores: every {@code stores.<name>.factory} key. */
    public static List<String> storeNames(JobConfig config) {
        final TreeSet<String> names = new TreeSet<>();
        for (String key : config.keys()) {
            RiffleConfig.STORE_FACTORY.match(key).ifPresent(names::add);
        }
        return new ArrayList<>(names);
    }

    /**
     * Opens every configured store for one task.
     *
     * @param taskName the task's name, part of every key (see docs/state.md)
     * @param partition the task's partition, for logs
     * @throws ConfigException if a store's configuration is invalid, {@code task.checkpoint.store}
     *     names no configured store, or the checkpoint store has a TTL
     */
    public static AssembledTaskStores open(JobConfig config, String taskName, int partition) {
        final List<String> names = storeNames(config);
        final String checkpointStore = config.get(RiffleConfig.TASK_CHECKPOINT_STORE);
        if (checkpointStore != null && !names.contains(checkpointStore)) {
            throw new ConfigException(RiffleConfig.TASK_CHECKPOINT_STORE.name(), "names store '" + checkpointStore
                    + "', which is not configured; the stores are " + names + ". Add stores." + checkpointStore
                    + ".factory or fix the name.");
        }
        final ConfigException ttl = ConfigValidator.checkpointStoreTtlProblem(config);
        if (ttl != null) {
            throw ttl;
        }
        final String jobName = config.get(RiffleConfig.JOB_NAME);
        final String jobId = config.get(RiffleConfig.JOB_ID);
        final Map<String, AssembledTaskStores.Assembled> stores = new LinkedHashMap<>();
        try {
            for (String name : names) {
                stores.put(name, assemble(config, jobName, jobId, name, taskName));
            }
        } catch (RuntimeException e) {
            stores.values().forEach(s -> BackendRegistry.release(s.lease));
            throw e;
        }
        return new AssembledTaskStores(taskName, stores, checkpointStore);
    }

    private static AssembledTaskStores.Assembled assemble(JobConfig config, String jobName, String jobId, String name,
                                                          String taskName) {
        final String factoryKey = RiffleConfig.STORE_FACTORY.name(name);
        final String factoryName = config.getString(factoryKey).trim();
        final Serde<Object> keySerde = Serdes.forStoreKey(config, name);
        final Serde<Object> valueSerde = Serdes.forStoreValue(config, name);
        final Long ttl = config.get(RiffleConfig.STORE_TTL_MS, name);
        final String prefix = "stores." + name + ".";
        final int cacheEntries = config.get(RiffleConfig.STORE_CACHE_ENTRIES, name);
        final TaskScope scope;
        try {
            scope = new TaskScope(jobName, jobId, name, taskName);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(factoryKey, e.getMessage());
        }
        final Map<String, String> settings = config.subset(prefix);
        final StoreBackend backend = BackendRegistry.acquire(factoryName, factoryKey,
                new StoreSpec(name, jobName, jobId, settings), settings);
        final StoreMetrics metrics = new StoreMetrics(name);
        final ScopedBackend scoped = new MeteredBackend(new NamespacedBackend(backend, scope), metrics);
        final WriteBuffer buffer = new WriteBuffer(scoped, ttl == null ? 0 : ttl, cacheEntries, metrics);
        final KeyValueStore<Object, Object> typed = new SerdeStore<>(name, keySerde, valueSerde, buffer);
        return new AssembledTaskStores.Assembled(typed, buffer, metrics, backend);
    }
}
