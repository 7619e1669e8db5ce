package dev.riffle.runner.config;

import dev.riffle.api.config.ConfigKey;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the declared key closest to a mistyped one, by edit distance. A templated key is compared
 * with its placeholder filled in from the mistyped key itself, so {@code stores.counts.redis.url}
 * is compared with {@code stores.counts.redis.uri}, not with {@code stores.<name>.redis.uri}.
 */
final class KeySuggester {

    private final List<ConfigKey<?>> keys;

    KeySuggester(List<ConfigKey<?>> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The concrete known key nearest to {@code unknown}. */
    String closest(String unknown) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey<?> key : keys) {
            for (String candidate : candidates(key, unknown)) {
                final int distance = distance(unknown, candidate);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
        }
        return best;
    }

    private static List<String> candidates(ConfigKey<?> key, String unknown) {
        if (!key.isTemplate()) {
            return List.of(key.name());
        }
        final String prefix = key.prefix();
        if (!unknown.startsWith(prefix) || unknown.length() == prefix.length()) {
            return List.of(key.name());
        }
        // The placeholder may contain dots (topics), so try every dot-delimited head of the rest.
        final String rest = unknown.substring(prefix.length());
        final List<String> result = new ArrayList<>();
        for (int i = rest.indexOf('.'); i > 0; i = rest.indexOf('.', i + 1)) {
            result.add(key.name(rest.substring(0, i)));
        }
        result.add(key.name(rest));
        // A store name has no dots: drop candidates the key itself would not accept.
        result.removeIf(candidate -> key.match(candidate).isEmpty());
        return result.isEmpty() ? List.of(key.name()) : result;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
