package dev.riffle.api.config;

import java.util.List;

/** Checks shared by keys of several modules, for {@link ConfigKey.Builder#check}. */
public final class Validators {

    private Validators() {
    }

    /** The number is at least {@code min}. */
    public static <N extends Number> ConfigKey.Validator<N> atLeast(long min) {
        return v -> v.longValue() >= min ? null : "must be at least " + min;
    }

    /** The list names at least one item. */
    public static ConfigKey.Validator<List<String>> notEmpty(String what) {
        return v -> v.isEmpty() ? "must list at least one " + what : null;
    }

    /** Each item is {@code host:port} with a port in 1..65535. */
    public static ConfigKey.Validator<List<String>> hostPorts() {
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

    /** Whether {@code text} is a port number, 1..65535. */
    public static boolean validPort(String text) {
        if (!text.matches("\\d{1,5}")) {
            return false;
        }
        final int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }
}
