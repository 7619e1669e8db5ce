package dev.riffle.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once with its type, default, validator and documentation. Riffle
 * declares its own keys this way, a store backend declares its {@code stores.<name>.*} keys through
 * {@link dev.riffle.api.store.spi.StoreBackendFactory#configKeys()}, and a job declares its keys
 * through {@link dev.riffle.api.ValidatingTask#configKeys()}. The validator checks every declared
 * key before a job starts and {@code docs/configuration.md} lists them; code reads a value with
 * {@link Config#get(ConfigKey)}, never by parsing the raw string again.
 *
 * <pre>{@code
 * static final ConfigKey<Long> LIMIT = ConfigKey.longKey("my.limit").defaultValue("10")
 *         .check(Validators.atLeast(1)).build("Most items kept per key.");
 * ...
 * long limit = config.get(LIMIT);
 * }</pre>
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
        /** The problem, worded to follow the quoted value ({@code "must be at least 1"}), or null. */
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

    private ConfigKey(Builder<T> b, String doc) {
        this.name = b.name;
        this.type = b.type;
        this.parser = b.parser;
        this.defaultText = b.defaultText;
        this.required = b.required;
        final List<Validator<T>> all = List.copyOf(b.validators);
        this.validator = value -> {
            for (Validator<T> v : all) {
                final String problem = v.check(value);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        };
        this.doc = Objects.requireNonNull(doc, "doc");
        final Matcher m = PLACEHOLDER.matcher(name);
        this.shape = m.find() ? Pattern.compile(Pattern.quote(name.substring(0, m.start()))
                + "(" + placeholderPattern(m.group(1)) + ")" + Pattern.quote(name.substring(m.end()))) : null;
    }

    // --- declaring ------------------------------------------------------------------------------

    /** A string key. */
    public static Builder<String> string(String name) {
        return new Builder<>(name, "string", s -> s);
    }

    /** An {@code int} key. */
    public static Builder<Integer> integer(String name) {
        return new Builder<>(name, "int", Integer::valueOf);
    }

    /** A {@code long} key. */
    public static Builder<Long> longKey(String name) {
        return new Builder<>(name, "long", Long::valueOf);
    }

    /** A {@code double} key. */
    public static Builder<Double> doubleKey(String name) {
        return new Builder<>(name, "double", Double::valueOf);
    }

    /** A boolean key: {@code true} or {@code false}, any case; anything else is an error, not {@code false}. */
    public static Builder<Boolean> bool(String name) {
        return new Builder<>(name, "boolean", ConfigKey::parseBoolean);
    }

    /** A comma-separated list; spaces around items and empty items are dropped. */
    public static Builder<List<String>> list(String name) {
        return new Builder<>(name, "list", ConfigKey::splitList);
    }

    /** A string that must be one of {@code choices}, exactly. */
    public static Builder<String> oneOf(String name, String... choices) {
        final List<String> allowed = List.of(choices);
        return new Builder<>(name, "one of " + String.join(", ", choices), s -> s)
                .check(v -> allowed.contains(v) ? null : "is not one of " + String.join(", ", choices));
    }

    /**
     * A key of any type: {@code parser} turns the trimmed text into the value and may throw a
     * {@link RuntimeException}, reported as "is not a valid {@code type}".
     */
    public static <T> Builder<T> of(String name, String type, Function<String, T> parser) {
        return new Builder<>(name, type, parser);
    }

    /** Fluent declaration of a key; {@link #build} or {@link #declare} ends it. */
    public static final class Builder<T> {
        private final String name;
        private final String type;
        private final Function<String, T> parser;
        private String defaultText;
        private boolean required;
        private final List<Validator<T>> validators = new ArrayList<>();

        private Builder(String name, String type, Function<String, T> parser) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            this.parser = Objects.requireNonNull(parser, "parser");
        }

        /** The default, as text (parsed like a configured value, and shown in the reference). */
        public Builder<T> defaultValue(String text) {
            this.defaultText = text;
            return this;
        }

        /** A job must set this key. */
        public Builder<T> required() {
            this.required = true;
            return this;
        }

        /** Adds a check; checks run in the order added and the first problem is reported. */
        public Builder<T> check(Validator<T> check) {
            validators.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** The key, with its one-line documentation. */
        public ConfigKey<T> build(String doc) {
            return new ConfigKey<>(this, doc);
        }

        /** The key, also appended to {@code registry} (a class's list of its keys, in declaration order). */
        public ConfigKey<T> declare(List<ConfigKey<?>> registry, String doc) {
            final ConfigKey<T> key = build(doc);
            registry.add(key);
            return key;
        }
    }

    // --- reading --------------------------------------------------------------------------------

    /**
     * The typed value of this key given its raw text: the parsed value, the default when
     * {@code raw} is missing or blank, or {@code null} when there is neither.
     *
     * @param concreteKey the key as written in the file, for the error message
     * @throws ConfigException naming {@code concreteKey} if the key is required and missing, or the
     *     value is invalid
     */
    public T read(String concreteKey, String raw) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw new ConfigException(concreteKey, "is required but not set (" + doc + ")");
            }
            return defaultValue();
        }
        return parse(concreteKey, raw);
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
            throw new ConfigException(concreteKey, "'" + Secrets.maskValue(concreteKey, raw) + "' is not a valid " + type
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        final String problem = validator.check(value);
        if (problem != null) {
            throw new ConfigException(concreteKey, "'" + Secrets.maskValue(concreteKey, raw) + "' " + problem);
        }
        return value;
    }

    /** The parsed default, or {@code null} when the key has no default. */
    public T defaultValue() {
        return defaultText == null ? null : parser.apply(defaultText);
    }

    // --- describing -----------------------------------------------------------------------------

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

    @Override
    public String toString() {
        return name;
    }

    private static Boolean parseBoolean(String text) {
        final String v = text.toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new IllegalArgumentException("write true or false");
    }

    private static List<String> splitList(String raw) {
        final List<String> items = new ArrayList<>();
        for (String part : raw.split(",")) {
            final String item = part.trim();
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return List.copyOf(items);
    }
}
