package dev.riffle.runner.config;

import dev.riffle.api.ValidatingTask;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.store.spi.StoreBackendFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each configuration key is declared: the runtime's in {@link RiffleConfig}, each store
 * backend's by its {@link StoreBackendFactory#configKeys()} (found with {@link ServiceLoader}, like
 * the factories themselves), a job's by its {@link ValidatingTask#configKeys()}. The validator and
 * the reference ({@link ConfigDocs}) read them from here.
 */
public final class DeclaredKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredKeys.class);
    private static final String STORES = "stores.";

    private DeclaredKeys() {
    }

    /**
     * The keys of every store backend on the class path of {@code loader}, by factory name, in name order.
     *
     * @throws IllegalStateException if a backend declares a key outside {@code stores.<name>.<backend>.}
     */
    public static Map<String, List<ConfigKey<?>>> backends(ClassLoader loader) {
        final Map<String, List<ConfigKey<?>>> result = new TreeMap<>();
        final Iterator<StoreBackendFactory> factories = ServiceLoader.load(StoreBackendFactory.class, loader).iterator();
        while (true) {
            final StoreBackendFactory factory;
            try {
                if (!factories.hasNext()) {
                    break;
                }
                factory = factories.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // A backend's jar without its driver: its keys are checked where the backend runs.
                LOG.warn("A store backend on the class path cannot be loaded here, so its settings are not checked"
                        + " here: {}", e.toString());
                continue;
            }
            final String prefix = STORES + "<name>." + factory.name() + ".";
            for (ConfigKey<?> key : factory.configKeys()) {
                if (!key.name().startsWith(prefix)) {
                    throw new IllegalStateException("The " + factory.name() + " store backend ("
                            + factory.getClass().getName() + ") declares " + key + "; its keys must start with "
                            + prefix);
                }
            }
            result.putIfAbsent(factory.name(), List.copyOf(factory.configKeys()));
        }
        return result;
    }

    /** The keys every store has ({@code stores.<name>.factory}, serdes, ...), from {@link RiffleConfig}. */
    public static List<ConfigKey<?>> commonStoreKeys() {
        final List<ConfigKey<?>> result = new ArrayList<>();
        for (ConfigKey<?> key : RiffleConfig.keys()) {
            if (key.isTemplate() && key.prefix().equals(STORES)) {
                result.add(key);
            }
        }
        return result;
    }

    /**
     * A task of class {@code type}, created to ask for its keys and cross-key rules.
     *
     * @return null when the class is not a {@link ValidatingTask}
     * @throws ConfigException naming {@code task.class} if the class cannot be created
     */
    static ValidatingTask task(Class<?> type) {
        if (!ValidatingTask.class.isAssignableFrom(type)) {
            return null;
        }
        try {
            return (ValidatingTask) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigException(RiffleConfig.TASK_CLASS.name(), "class " + type.getName()
                    + " could not be created to check its settings: " + e);
        }
    }

    /**
     * The keys the task {@code className} declares, for the reference.
     *
     * @throws IllegalArgumentException if the class is not on the class path of {@code loader}
     */
    public static List<ConfigKey<?>> ofTask(String className, ClassLoader loader) {
        final Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("task class " + className + " is not on the class path", e);
        }
        final ValidatingTask task = task(type);
        return task == null ? List.of() : List.copyOf(task.configKeys());
    }

    /** The context class loader, else this class's. */
    static ClassLoader classLoader() {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DeclaredKeys.class.getClassLoader();
    }
}
