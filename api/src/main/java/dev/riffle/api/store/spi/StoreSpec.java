package dev.riffle.api.store.spi;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link StoreBackendFactory} needs to open a backend: the store and job names and the store's own
 * settings, {@code stores.<name>.*} with the prefix removed (so {@code stores.counts.redis.uri} is
 * {@code redis.uri} here).
 */
public final class StoreSpec {

    private final String storeName;
    private final String jobName;
    private final String jobId;
    private final Config config;

    public StoreSpec(String storeName, String jobName, String jobId, Map<String, String> storeSettings) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.config = new SettingsView(storeName, storeSettings);
    }

    public String storeName() {
        return storeName;
    }

    public String jobName() {
        return jobName;
    }

    public String jobId() {
        return jobId;
    }

    /** The store's settings, without the {@code stores.<name>.} prefix. */
    public Config config() {
        return config;
    }

    /** The full configuration key of a store setting, for error messages: {@code stores.<name>.<setting>}. */
    public String key(String setting) {
        return prefix() + setting;
    }

    /**
     * The typed value of one of the factory's {@link StoreBackendFactory#configKeys() declared keys} for
     * this store, its default when unset, or {@code null} when it has neither.
     *
     * @param key a key named {@code stores.<name>.<setting>}
     * @throws ConfigException naming {@code stores.<this store>.<setting>} if the value is invalid
     * @throws IllegalArgumentException if {@code key} is not a store key
     */
    public <T> T get(ConfigKey<T> key) {
        final String concrete = key.isTemplate() ? key.name(storeName) : key.name();
        if (!key.isTemplate() || !concrete.startsWith(prefix())) {
            throw new IllegalArgumentException(key + " is not a store setting (stores.<name>.<setting>)");
        }
        return key.read(concrete, config.get(concrete.substring(prefix().length())).orElse(null));
    }

    private String prefix() {
        return "stores." + storeName + ".";
    }

    @Override
    public String toString() {
        return "store " + storeName + " of job " + jobName + " (id " + jobId + ")";
    }

    /** A read-only map-backed view; errors from the typed getters name the short key. */
    private static final class SettingsView implements Config {
        private final String storeName;
        private final TreeMap<String, String> values;

        SettingsView(String storeName, Map<String, String> values) {
            this.storeName = storeName;
            this.values = new TreeMap<>(values);
        }

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public Set<String> keys() {
            return Collections.unmodifiableSet(values.keySet());
        }

        @Override
        public Map<String, String> subset(String prefix) {
            final Map<String, String> result = new TreeMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    result.put(k.substring(prefix.length()), v);
                }
            });
            return result;
        }

        @Override
        public String toString() {
            return "settings of store " + storeName + values.keySet();
        }
    }
}
