package dev.riffle.api.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets wherever configuration is shown: in logs, error messages (a {@link ConfigKey}'s
 * parse errors quote the value through {@link #maskValue}), the application master's page and its
 * {@code /api/config} document. Job code may use it for its own log lines.
 *
 * <p>Two rules. The whole value of a key that looks secret ({@code password}, {@code secret},
 * {@code token}, {@code credential}, {@code sasl.jaas.config}, ...) becomes {@value #MASK}. In any
 * other value or text, the password in a URI's user info becomes {@value #MASK}:
 * {@code redis://user:pw@host:6379} is shown as {@code redis://user:****@host:6379}; user info
 * without a colon ({@code https://TOKEN@host}) may itself be a token and is masked whole. Pure
 * functions, safe from any thread.
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "****";

    /** Lower-case fragments of key names whose values are secret. */
    private static final List<String> SECRET_KEY_PARTS = List.of("password", "passwd", "secret", "token",
            "credential", "sasl.jaas.config", "private.key", "private-key", "apikey", "api.key", "api-key",
            "user.info", "auth.key", "access.key", "accesskey");

    // scheme://user:password@ or scheme://token@ ; the user info ends at the first '@' before any '/'.
    private static final Pattern URI_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s:]*)(:[^/@\\s]*)?@");

    // password=..., token: ..., secret="..." inside free text such as a JAAS line or an exception message.
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)\\b([\\w.-]*(?:password|passwd|secret|token|credential)[\\w.-]*)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;)}\\]]+)");

    private Secrets() {
    }

    /** Whether values of this key are secret by its name alone (case-insensitive). */
    public static boolean isSecretKey(final String key) {
        if (key == null) {
            return false;
        }
        final String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_KEY_PARTS.stream().anyMatch(lower::contains);
    }

    /**
     * The value to show for {@code key}: {@value #MASK} for a secret key (an empty or missing value
     * stays as it is, so "not set" remains visible), otherwise the value with URI passwords masked.
     */
    public static String maskValue(final String key, final String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return isSecretKey(key) ? MASK : maskUris(value);
    }

    /** A sorted copy of {@code config} with every value passed through {@link #maskValue}. */
    public static Map<String, String> mask(final Map<String, String> config) {
        final Map<String, String> masked = new TreeMap<>();
        config.forEach((k, v) -> masked.put(k, maskValue(k, v)));
        return masked;
    }

    /**
     * Free text (an error message, a diagnostic, a log line) with URI passwords and
     * {@code password=...}-style assignments masked.
     */
    public static String maskText(final String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        final Matcher m = SECRET_ASSIGNMENT.matcher(maskUris(text));
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String value = m.group(3);
            final String replacement = value.startsWith("\"") ? "\"" + MASK + "\""
                    : value.startsWith("'") ? "'" + MASK + "'" : MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String maskUris(final String text) {
        final Matcher m = URI_USER_INFO.matcher(text);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String replacement = m.group(3) == null
                    ? m.group(1) + MASK + "@"
                    : m.group(1) + m.group(2) + ":" + MASK + "@";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
