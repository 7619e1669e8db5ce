package dev.riffle.runner.serde;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.serde.Serde;
import dev.riffle.api.config.ConfigKey;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

/**
 * Finds a serde by its configured name: {@code string}, {@code long}, {@code json}, {@code bytes},
 * or the class name of a {@link Serde} with a public no-argument constructor.
 */
public final class Serdes {

    /** The built-in names, in the order error messages list them. */
    public static final List<String> BUILT_INS = List.of("string", "long", "json", "bytes");

    // Built-ins are stateless and thread-safe, so one instance each serves the whole process.
    private static final Map<String, Serde<?>> BUILT_IN = Map.of(
            "string", new StringSerde(),
            "long", new LongSerde(),
            "json", new JsonSerde(),
            "bytes", new BytesSerde());

    private Serdes() {
    }

    /**
     * The serde called {@code nameOrClass}.
     *
     * @throws IllegalArgumentException naming the value, the built-ins and what is wrong with the class
     */
    @SuppressWarnings("unchecked")
    public static <T> Serde<T> byName(String nameOrClass) {
        if (nameOrClass == null || nameOrClass.isBlank()) {
            throw new IllegalArgumentException("no serde named: use one of " + String.join(", ", BUILT_INS)
                    + " or the class name of a " + Serde.class.getName());
        }
        final String name = nameOrClass.trim();
        final Serde<?> builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return (Serde<T>) builtIn;
        }
        return (Serde<T>) instantiate(name);
    }

    /**
     * The serde named by the value of {@code key}, with errors reported against the key.
     *
     * @throws ConfigException {@code config error: <key>: <problem>}
     */
    public static <T> Serde<T> byName(String key, String nameOrClass) {
        try {
            return byName(nameOrClass);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    /** The serde of the keys of {@code topic} ({@code streams.<topic>.key.serde}). */
    public static <T> Serde<T> forStreamKey(JobConfig config, String topic) {
        return fromKey(config, RiffleConfig.STREAM_KEY_SERDE, topic);
    }

    /** The serde of the values of {@code topic} ({@code streams.<topic>.msg.serde}). */
    public static <T> Serde<T> forStreamValue(JobConfig config, String topic) {
        return fromKey(config, RiffleConfig.STREAM_MSG_SERDE, topic);
    }

    /** The serde of the keys of store {@code store} ({@code stores.<name>.key.serde}). */
    public static <T> Serde<T> forStoreKey(JobConfig config, String store) {
        return fromKey(config, RiffleConfig.STORE_KEY_SERDE, store);
    }

    /** The serde of the values of store {@code store} ({@code stores.<name>.value.serde}). */
    public static <T> Serde<T> forStoreValue(JobConfig config, String store) {
        return fromKey(config, RiffleConfig.STORE_VALUE_SERDE, store);
    }

    private static <T> Serde<T> fromKey(JobConfig config, ConfigKey<String> key, String placeholder) {
        return byName(key.name(placeholder), config.get(key, placeholder));
    }

    private static Serde<?> instantiate(String className) {
        final String builtIns = "built-in serdes are " + String.join(", ", BUILT_INS);
        final Class<?> type;
        try {
            type = Class.forName(className, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("'" + className + "' is neither a built-in serde nor a class on the"
                    + " classpath; " + builtIns + ", or give the class name of a " + Serde.class.getName());
        }
        if (!Serde.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class " + className + " does not implement " + Serde.class.getName()
                    + "; " + builtIns);
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("serde class " + className + " is abstract or an interface;"
                    + " give a concrete class with a public no-argument constructor");
        }
        try {
            final Constructor<?> constructor = type.getConstructor();
            return (Serde<?>) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("serde class " + className
                    + " has no public no-argument constructor; add one");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("serde class " + className + " failed in its constructor: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("serde class " + className + " cannot be instantiated: " + e
                    + "; make the class and its no-argument constructor public", e);
        }
    }

    private static ClassLoader classLoader() {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Serdes.class.getClassLoader();
    }
}
