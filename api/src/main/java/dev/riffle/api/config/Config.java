package dev.riffle.api.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of a job's configuration: the {@code .properties} file after {@code ${env:VAR}}
 * interpolation, {@code --config key=value} overrides and defaults. Riffle validates its own keys
 * before a job starts; a job's own keys (for example {@code visitors.threshold}) are declared as
 * {@link ConfigKey}s and read with {@link #get(ConfigKey)}. The string-keyed accessors below remain
 * for keys nobody declared; they too fail with a message naming the key.
 */
public interface Config {

    /** The raw value of {@code key}, if set. */
    Optional<String> get(String key);

    /**
     * The typed value of a declared key, its default when unset or blank, or {@code null} when it
     * has neither.
     *
     * @throws ConfigException naming the key if it is required and missing, or its value is invalid
     */
    default <T> T get(ConfigKey<T> key) {
        return key.read(key.name(), get(key.name()).orElse(null));
    }

    /** The typed value of a templated key, e.g. {@code get(STORE_FACTORY, "counts")}. */
    default <T> T get(ConfigKey<T> key, String placeholderValue) {
        final String concrete = key.name(placeholderValue);
        return key.read(concrete, get(concrete).orElse(null));
    }

    /** Every key that has a value. */
    Set<String> keys();

    /**
     * The value of a required key.
     *
     * @throws ConfigException naming the key if it is missing or blank
     */
    default String getString(String key) {
        return get(key).filter(v -> !v.isBlank())
                .orElseThrow(() -> new ConfigException(key, "is required but not set"));
    }

    /** The value of {@code key}, or {@code defaultValue} when it is not set. */
    default String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * The value of {@code key} as a {@code long}, or {@code defaultValue} when it is not set.
     *
     * @throws ConfigException naming the key if the value is not a whole number
     */
    default long getLong(String key, long defaultValue) {
        final Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value.get() + "' is not a whole number");
        }
    }

    /**
     * The value of {@code key} as an {@code int}, or {@code defaultValue} when it is not set.
     *
     * @throws ConfigException naming the key if the value is not a whole number in int range
     */
    default int getInt(String key, int defaultValue) {
        final long value = getLong(key, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ConfigException(key, value + " is out of range for an int");
        }
        return (int) value;
    }

    /**
     * The value of {@code key} as a {@code double}, or {@code defaultValue} when it is not set.
     *
     * @throws ConfigException naming the key if the value is not a number
     */
    default double getDouble(String key, double defaultValue) {
        final Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value.get() + "' is not a number");
        }
    }

    /**
     * The value of {@code key} as a boolean ({@code true} or {@code false}, any case), or
     * {@code defaultValue} when it is not set. Anything else is an error, not {@code false}.
     *
     * @throws ConfigException naming the key if the value is neither true nor false
     */
    default boolean getBoolean(String key, boolean defaultValue) {
        final Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        final String v = value.get().trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, "'" + v + "' is not true or false");
    }

    /**
     * The keys starting with {@code prefix}, with the prefix removed, and their values. For example
     * {@code subset("systems.kafka.consumer.")} gives the properties to pass to the Kafka consumer.
     */
    Map<String, String> subset(String prefix);
}
