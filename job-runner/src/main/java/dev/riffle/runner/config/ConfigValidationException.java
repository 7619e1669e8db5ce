package dev.riffle.runner.config;

import dev.riffle.api.config.ConfigException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Several configuration problems found in one pass, so a person can fix them all at once. The
 * message holds one line per problem, each {@code config error: <key>: <problem>}; {@link #key()}
 * is the first problem's key.
 */
public final class ConfigValidationException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigException> problems;

    /** @param problems at least one problem */
    public ConfigValidationException(List<ConfigException> problems) {
        super(first(problems).key(), problemText(first(problems)));
        this.problems = List.copyOf(problems);
    }

    private static ConfigException first(List<ConfigException> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one problem");
        }
        return problems.get(0);
    }

    private static String problemText(ConfigException e) {
        final String prefix = "config error: " + e.key() + ": ";
        final String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Every problem, in the order found. */
    public List<ConfigException> problems() {
        return problems;
    }

    /** The keys with problems, in the order found. */
    public List<String> keys() {
        return problems.stream().map(ConfigException::key).collect(Collectors.toList());
    }

    /** One line per problem. */
    @Override
    public String getMessage() {
        return problems.stream().map(Throwable::getMessage).collect(Collectors.joining("\n"));
    }
}
