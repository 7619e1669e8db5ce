package dev.riffle.api.store.spi;

/**
 * Creates the backend of a store. Found with {@link java.util.ServiceLoader} by {@link #name()} (what
 * {@code stores.<name>.factory} says, e.g. {@code redis}), or instantiated by class name when the
 * configured factory is a class name; in that case it needs a public no-argument constructor.
 */
public interface StoreBackendFactory {

    /** The short name users write in {@code stores.<name>.factory}, e.g. {@code memory}, {@code redis}. */
    String name();

    /**
     * Opens a backend for one store of one job. The runtime shares the backend between every task of a
     * container (so it should own the connection pool) and closes it when the last task is done.
     *
     * @throws dev.riffle.api.config.ConfigException if a {@code stores.<name>.*} value is invalid
     * @throws dev.riffle.api.store.StoreException if the backend cannot be reached (retriable) or set up
     */
    StoreBackend open(StoreSpec spec);
}
