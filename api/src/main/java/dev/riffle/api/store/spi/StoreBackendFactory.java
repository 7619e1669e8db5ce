package dev.riffle.api.store.spi;

import dev.riffle.api.config.ConfigKey;

import java.util.List;

/**
 * Creates the backend of a store. Found with {@link java.util.ServiceLoader} by {@link #name()} (what
 * {@code stores.<name>.factory} says, e.g. {@code redis}), or instantiated by class name when the
 * configured factory is a class name; in that case it needs a public no-argument constructor.
 */
public interface StoreBackendFactory {

    /** The short name users write in {@code stores.<name>.factory}, e.g. {@code memory}, {@code redis}. */
    String name();

    /**
     * The settings this backend reads, each declared once here with its type, default, validator and
     * documentation, and named {@code stores.<name>.<backend name>.<setting>} (for example
     * {@code stores.<name>.redis.uri}). Riffle checks them before a job starts wherever this factory
     * is on the class path, lists them in the configuration reference, and {@link #open} reads them
     * with {@link StoreSpec#get(ConfigKey)}, already parsed.
     */
    default List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    /**
     * Opens a backend for one store of one job. The runtime shares the backend between every task of a
     * container (so it should own the connection pool) and closes it when the last task is done.
     *
     * @throws dev.riffle.api.config.ConfigException if a {@code stores.<name>.*} value is invalid
     * @throws dev.riffle.api.store.StoreException if the backend cannot be reached (retriable) or set up
     */
    StoreBackend open(StoreSpec spec);
}
