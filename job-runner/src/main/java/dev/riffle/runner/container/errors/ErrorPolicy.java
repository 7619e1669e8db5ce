package dev.riffle.runner.container.errors;

import dev.riffle.api.config.ConfigException;

/** What the runtime does with a record that cannot be deserialised or that its task fails on ({@code task.error.policy}). */
public enum ErrorPolicy {
    /** Stop the container with the cause; the record is read again after a restart. */
    FAIL,
    /** Log the record's position and the cause, count it, and go on. */
    SKIP,
    /** Send the record's original bytes to {@code task.dead-letter.topic} with the reason in headers, and go on. */
    DEAD_LETTER;

    /** Parses {@code fail}, {@code skip} or {@code dead-letter}. */
    public static ErrorPolicy parse(final String value) {
        switch (value) {
            case "fail":
                return FAIL;
            case "skip":
                return SKIP;
            case "dead-letter":
                return DEAD_LETTER;
            default:
                throw new ConfigException("task.error.policy", "'" + value + "' is not one of fail, skip, dead-letter");
        }
    }
}
