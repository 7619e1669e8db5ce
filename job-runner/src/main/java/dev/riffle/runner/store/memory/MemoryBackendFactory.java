package dev.riffle.runner.store.memory;

import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code memory} store: state in this JVM's heap, for tests and local runs. Every task, container and
 * job of the JVM that names the same instance shares its data (namespacing keeps them apart), so a local
 * job can be stopped and started again and find its state. The instance is
 * {@code stores.<name>.memory.instance}, by default the store name.
 */
public final class MemoryBackendFactory implements StoreBackendFactory {

    /** {@code stores.<name>.memory.instance}: the shared in-JVM instance. */
    public static final ConfigKey<String> INSTANCE = ConfigKey.string("stores.<name>.memory.instance")
            .build("memory stores: the in-JVM instance whose data the store shares; default the store name.");

    private static final Map<String, MemoryBackend> INSTANCES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(INSTANCE);
    }

    @Override
    public StoreBackend open(StoreSpec spec) {
        final String configured = spec.get(INSTANCE);
        final String instance = configured == null ? spec.storeName() : configured;
        return INSTANCES.computeIfAbsent(instance, MemoryBackend::new);
    }
}
