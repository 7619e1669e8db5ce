package dev.riffle.runner.config;

import dev.riffle.api.config.Secrets;

import java.util.Map;

/**
 * The runtime's name for {@link Secrets}, where the masking rules live (in {@code api}, so that a
 * {@link dev.riffle.api.config.ConfigKey}'s errors are masked wherever the key is parsed).
 */
public final class SecretMasking {

    /** What a secret is replaced with. */
    public static final String MASK = Secrets.MASK;

    private SecretMasking() {
    }

    /** See {@link Secrets#isSecretKey}. */
    public static boolean isSecretKey(final String key) {
        return Secrets.isSecretKey(key);
    }

    /** See {@link Secrets#maskValue}. */
    public static String maskValue(final String key, final String value) {
        return Secrets.maskValue(key, value);
    }

    /** See {@link Secrets#mask}. */
    public static Map<String, String> mask(final Map<String, String> config) {
        return Secrets.mask(config);
    }

    /** See {@link Secrets#maskText}. */
    public static String maskText(final String text) {
        return Secrets.maskText(text);
    }
}
