package dev.riffle.api;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;

import java.util.List;

/**
 * A task that declares and checks its own configuration keys (for example {@code visitors.threshold}),
 * so a bad value stops {@code run-job.sh} with exit status 2 instead of failing containers later. As a
 * Kafka Connect connector exposes its {@code ConfigDef}, the task exposes its {@link #configKeys()};
 * Riffle parses and checks each of them, warns about unknown keys under their prefixes, lists them in
 * the configuration reference, and then calls {@link #validate} for the rules that span several keys.
 *
 * <p>Riffle creates an instance with the task's public no-argument constructor, outside any
 * container, whenever the task class is on the validating JVM's classpath; neither method may
 * connect to anything.
 */
public interface ValidatingTask {

    /**
     * The job's own keys, each declared once (usually as constants of one class) and read in the task
     * with {@link Config#get(ConfigKey)}. Keys under Riffle's own prefixes ({@code job.}, {@code task.},
     * {@code stores.}, ...) belong to Riffle and may not be declared here.
     */
    default List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    /**
     * Checks what the declarations cannot: rules between keys. Called only when every key of
     * {@link #configKeys()} is valid.
     *
     * @throws ConfigException naming the first bad key and what is wrong with it
     */
    default void validate(Config config) {
    }
}
