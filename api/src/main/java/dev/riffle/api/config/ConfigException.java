package dev.riffle.api.config;

/**
 * A configuration value is missing or invalid. The message has the form
 * {@code config error: <key>: <problem>}, so a person can find and fix the line. Retrying cannot
 * help; scripts exit with status 2 on this error.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the offending key
     * @param problem what is wrong with it and, where possible, what would be right
     */
    public ConfigException(String key, String problem) {
        super("config error: " + key + ": " + problem);
        this.key = key;
    }

    /** The key the error is about. */
    public String key() {
        return key;
    }
}
