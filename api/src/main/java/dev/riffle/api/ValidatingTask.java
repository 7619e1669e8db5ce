package dev.riffle.api;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;

/**
 * A task that checks its own configuration keys (for example {@code visitors.threshold}) before the
 * job is submitted, so a bad value stops {@code run-job.sh} with exit status 2 instead of failing
 * containers later. Riffle creates an instance with the task's public no-argument constructor and
 * calls {@link #validate} once, outside any container; it must not connect to anything.
 */
public interface ValidatingTask {

    /**
     * Checks the job's configuration.
     *
     * @throws ConfigException naming the first bad key and what is wrong with it
     */
    void validate(Config config);
}
