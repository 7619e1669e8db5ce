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

    /** Each item is {@code host:port} with a port in 1..65535. */
    static ConfigKey.Validator<List<String>> hostPorts() {
        return items -> {
            for (String item : items) {
                final int colon = item.lastIndexOf(':');
                if (colon <= 0 || !validPort(item.substring(colon + 1))) {
                    return "has '" + item + "', which is not host:port (port 1-65535)";
                }
            }
            return null;
        };
    }

    /** Kafka's rule for topic names: 1-249 of letters, digits, '.', '_' and '-'. */
    static String topicProblem(String topic) {
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            return "is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)";
        }
        return null;
    }

    /** Each item is a valid Kafka topic name. */
    static ConfigKey.Validator<List<String>> topics() {
        return items -> {
            for (String item : items) {
                final String problem = topicProblem(item);
                if (problem != null) {
                    return "has '" + item + "', which " + problem;
                }
            }
            return null;
        };
    }

    /** A redis:// or rediss:// URI with a host and, if given, a valid port and database number. */
    static String redisUriProblem(String value) {
        if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            return "must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379";
        }
        final java.net.URI uri;
        try {
            uri = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            return "is not a valid URI: " + e.getReason();
        }
        if (uri.getHost() == null) {
            return "has no host; write redis://host:port";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "has port " + uri.getPort() + "; use 1-65535";
        }
        final String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d*")) {
            return "has path '" + path + "'; only a database number is allowed, e.g. redis://host:6379/0";
        }
        return null;
    }

    static boolean validPort(String text) {
        if (!text.matches("\\d{1,5}")) {
            return false;
        }
        final int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

    static <N extends Number> ConfigKey.Validator<N> atLeast(long min) {
        return v -> v.longValue() >= min ? null : "must be at least " + min;
    }
}
