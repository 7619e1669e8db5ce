package dev.riffle.runner.config;

import dev.riffle.api.config.Config;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job's configuration after loading: raw values, read typed through {@link Config#get(dev.riffle.api.config.ConfigKey)}.
 * Immutable and serialisable, so the application master can hand it to containers.
 */
public final class JobConfig implements Config, Serializable {

    private static final long serialVersionUID = 1L;

    private final TreeMap<String, String> values;

    private JobConfig(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** A configuration holding exactly these values (no file, no interpolation). */
    public static JobConfig of(Map<String, String> values) {
        return new JobConfig(values);
    }

    /** This configuration with {@code overrides} applied on top. */
    public JobConfig with(Map<String, String> overrides) {
        final Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return new JobConfig(merged);
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

    /** All values, for serialisation to a file or an environment. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return "JobConfig" + values.keySet();
    }
}
