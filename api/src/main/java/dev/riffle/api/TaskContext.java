package dev.riffle.api;

import dev.riffle.api.config.Config;
import dev.riffle.api.store.KeyValueStore;

/**
 * What a task knows about itself, given to {@link InitableTask#init}.
 */
public interface TaskContext {

    /** The task's name, {@code Partition <n>}; stable across restarts and rescaling. */
    String taskName();

    /** The partition number this task owns in every input topic. */
    int partition();

    /** The job's whole configuration. */
    Config config();

    /**
     * Returns the store configured as {@code stores.<name>.*}.
     *
     * @throws IllegalArgumentException if no store of that name is configured; the message lists the
     *     configured stores
     */
    <K, V> KeyValueStore<K, V> store(String name);

    /** Counters and timers of this task, published with the container's metrics. */
    TaskMetrics metrics();
}
