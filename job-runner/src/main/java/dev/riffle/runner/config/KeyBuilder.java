package dev.riffle.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Fluent declaration of a {@link ConfigKey}; {@link #declare} registers it in a key list. */
final class KeyBuilder<T> {

    private final String name;
    private final String type;
    private final Function<String, T> parser;
    private String defaultText;
    private boolean required;
    private final List<ConfigKey.Validator<T>> validators = new ArrayList<>();

    private KeyBuilder(String name, String type, Function<String, T> parser) {
        this.name = name;
        this.type = type;
        this.parser = parser;
    }

    static KeyBuilder<String> string(String name) {
        return new KeyBuilder<>(name, "string", s -> s);
    }

    static KeyBuilder<Integer> integer(String name) {
        return new KeyBuilder<>(name, "int", Integer::valueOf);
    }

    static KeyBuilder<Long> longKey(String name) {
        return new KeyBuilder<>(name, "long", Long::valueOf);
    }

    static KeyBuilder<List<String>> list(String name) {
        return new KeyBuilder<>(name, "list", KeyBuilder::splitList);
    }

    static KeyBuilder<String> oneOf(String name, String... choices) {
        final KeyBuilder<String> b = new KeyBuilder<>(name, "one of " + String.join(", ", choices), s -> s);
        final List<String> allowed = List.of(choices);
        b.validators.add(v -> allowed.contains(v) ? null : "is not one of " + String.join(", ", choices));
        return b;
    }

    KeyBuilder<T> defaultValue(String text) {
        this.defaultText = text;
        return this;
    }

    KeyBuilder<T> required() {
        this.required = true;
        return this;
    }

    KeyBuilder<T> check(ConfigKey.Validator<T> validator) {
        validators.add(validator);
        return this;
    }

    ConfigKey<T> declare(List<ConfigKey<?>> registry, String doc) {
        final List<ConfigKey.Validator<T>> all = List.copyOf(validators);
        final ConfigKey.Validator<T> combined = value -> {
            for (ConfigKey.Validator<T> v : all) {
                final String problem = v.check(value);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        };
        final ConfigKey<T> key = new ConfigKey<>(name, type, parser, defaultText, required, combined, doc);
        registry.add(key);
        return key;
    }

    static List<String> splitList(String raw) {
        final List<String> items = new ArrayList<>();
        for (String part : raw.split(",")) {
            final String item = part.trim();
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return List.copyOf(items);
    }

    static <N extends Number> ConfigKey.Validator<N> atLeast(long min) {
        return v -> v.longValue() >= min ? null : "must be at least " + min;
    }
}
