package dev.riffle.runner.config;

import dev.riffle.api.config.ConfigException;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once with its type, default, validator and documentation.
 *
 * <p>A name may contain one placeholder in angle brackets, such as {@code stores.<name>.factory}; the
 * key then stands for every concrete key of that shape, and {@link #name(String)} fills it in.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {

    /** Checks a parsed value; returns a problem description, or {@code null} when the value is fine. */
    @FunctionalInterface
    public interface Validator<T> {
        String check(T value);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z-]+)>");

    private final String name;
    private final String type;
    private final Function<String, T> parser;
    private final String defaultText;
    private final boolean required;
    private final Validator<T> validator;
    private final String doc;
    private final Pattern shape;

    ConfigKey(String name, String type, Function<String, T> parser, String defaultText, boolean required,
              Validator<T> validator, String doc) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.parser = parser;
        this.defaultText = defaultText;
        this.required = required;
        this.validator = validator;
        this.doc = doc;
        final Matcher m = PLACEHOLDER.matcher(name);
        this.shape = m.find() ? Pattern.compile(Pattern.quote(name.substring(0, m.start()))
                + "(" + placeholderPattern(m.group(1)) + ")" + Pattern.quote(name.substring(m.end()))) : null;
    }

    /**
     * Topic names and Kafka client property names contain dots ({@code my.topic},
     * {@code security.protocol}); store names do not, so a store's keys are found by their second
     * segment.
     */
    private static String placeholderPattern(String placeholder) {
        return placeholder.equals("topic") || placeholder.equals("property") ? ".+" : "[^.]+";
    }

    /** The text before the placeholder ({@code stores.}), or the whole name when there is none. */
    public String prefix() {
        final Matcher m = PLACEHOLDER.matcher(name);
        return m.find() ? name.substring(0, m.start()) : name;
    }

    /** The text after the placeholder ({@code .factory}), or empty when there is none. */
    public String suffix() {
        final Matcher m = PLACEHOLDER.matcher(name);
        return m.find() ? name.substring(m.end()) : "";
    }

    /** The declared name, possibly with a placeholder. */
    public String name() {
        return name;
    }

    /** The concrete name for a templated key, e.g. {@code stores.counts.factory}. */
    public String name(String placeholderValue) {
        if (shape == null) {
            throw new IllegalStateException(name + " has no placeholder");
        }
        return PLACEHOLDER.matcher(name).replaceFirst(Matcher.quoteReplacement(placeholderValue));
    }

    /** Whether the name has a placeholder. */
    public boolean isTemplate() {
        return shape != null;
    }

    /** The placeholder value if {@code concreteKey} has this key's shape. */
    public Optional<String> match(String concreteKey) {
        if (shape == null) {
            return name.equals(concreteKey) ? Optional.of("") : Optional.empty();
        }
        final Matcher m = shape.matcher(concreteKey);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A short type name for documentation, such as {@code int} or {@code string}. */
    public String type() {
        return type;
    }

    /** The default as documented, or {@code null} when there is none. */
    public String defaultText() {
        return defaultText;
    }

    /** Whether a job must set this key. */
    public boolean required() {
        return required;
    }

    /** The one-line documentation. */
    public String doc() {
        return doc;
    }

    /**
     * Parses and validates a raw value.
     *
     * @param concreteKey the key as written in the file, for the error message
     * @throws ConfigException naming the key and the problem
     */
    public T parse(String concreteKey, String raw) {
        final T value;
        try {
            value = parser.apply(raw.trim());
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(concreteKey, "'" + SecretMasking.maskValue(concreteKey, raw) + "' is not a valid " + type
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        final String problem = validator == null ? null : validator.check(value);
        if (problem != null) {
            throw new ConfigException(concreteKey, "'" + SecretMasking.maskValue(concreteKey, raw) + "' " + problem);
        }
        return value;
    }

    /** The parsed default, or {@code null} when the key has no default. */
    public T defaultValue() {
        return defaultText == null ? null : parser.apply(defaultText);
    }

    @Override
    public String toString() {
        return name;
    }
}
