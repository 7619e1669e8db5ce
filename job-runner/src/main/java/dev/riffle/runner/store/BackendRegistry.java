package dev.riffle.runner.store;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends open in this JVM, one per store configuration (factory, job, store, settings), shared by
 * every task that uses it so a container holds one connection pool per store, and closed when the last
 * task lets go of it.
 */
final class BackendRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);

    /** A shared backend and how many task stores use it. */
    private static final class Shared {
        final StoreBackend backend;
        int users;

        Shared(StoreBackend backend) {
            this.backend = backend;
        }
    }

    private static final Map<List<Object>, Shared> OPEN = new HashMap<>();

    private BackendRegistry() {
    }

    /** A lease on the backend of {@code spec}, opened on first use. */
    static synchronized StoreBackend acquire(String factoryName, String factoryKey, StoreSpec spec,
                                             Map<String, String> settings) {
        final List<Object> id = List.of(factoryName, spec.jobName(), spec.jobId(), spec.storeName(), settings);
        Shared shared = OPEN.get(id);
        if (shared == null) {
            final StoreBackendFactory factory = factory(factoryName, factoryKey);
            shared = new Shared(factory.open(spec));
            OPEN.put(id, shared);
            LOG.info("Opened the {} backend of {}.", factory.name(), spec);
        }
        shared.users++;
        return shared.backend;
    }

    /** Gives back a lease; the last one closes the backend. */
    static synchronized void release(StoreBackend backend) {
        OPEN.entrySet().removeIf(e -> {
            if (e.getValue().backend != backend) {
                return false;
            }
            if (--e.getValue().users > 0) {
                return false;
            }
            try {
                backend.close();
            } catch (RuntimeException ex) {
                LOG.warn("Closing the backend of store {} failed; its connections may linger.", e.getKey().get(3), ex);
            }
            return true;
        });
    }

    /**
     * The factory called {@code name} (a {@link ServiceLoader} name) or of class {@code name}.
     *
     * @throws ConfigException naming {@code key}, the known names and how to add a backend
     */
    static StoreBackendFactory factory(String name, String key) {
        final List<String> known = new ArrayList<>();
        for (StoreBackendFactory factory : ServiceLoader.load(StoreBackendFactory.class, classLoader())) {
            if (factory.name().equals(name)) {
                return factory;
            }
            known.add(factory.name());
        }
        final Class<?> type;
        try {
            type = Class.forName(name, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, "'" + name + "' is neither a store backend on the classpath (known: "
                    + String.join(", ", known) + ") nor a class name. Add the backend's module (riffle-state-redis,"
                    + " riffle-state-cassandra) to the job package or fix the name.");
        }
        if (!StoreBackendFactory.class.isAssignableFrom(type)) {
            throw new ConfigException(key, "class " + name + " does not implement " + StoreBackendFactory.class.getName());
        }
        try {
            return (StoreBackendFactory) type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigException(key, "the constructor of " + name + " failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, "class " + name + " needs a public no-argument constructor (" + e + ")");
        }
    }

    private static ClassLoader classLoader() {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : BackendRegistry.class.getClassLoader();
    }
}
