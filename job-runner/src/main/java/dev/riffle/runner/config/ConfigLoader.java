package dev.riffle.runner.config;

import dev.riffle.api.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DisabledListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.interpol.ConfigurationInterpolator;
import org.apache.commons.configuration2.io.FileHandler;

/**
 * Reads a job's {@code .properties} file, applies {@code --config key=value} overrides on top and
 * resolves {@code ${env:VAR}} in every value. Loading does not validate Riffle's keys; that is
 * {@link ConfigValidator}'s job. All problems found while loading are reported together.
 */
public final class ConfigLoader {

    /** The pseudo-key that malformed {@code --config} arguments are reported against. */
    public static final String OVERRIDE_OPTION = "--config";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    private static final String ENV_PREFIX = "env:";

    private final Map<String, String> environment;

    /** A loader that reads variables from this process's environment. */
    public ConfigLoader() {
        this(System.getenv());
    }

    /** A loader that reads variables from {@code environment} (tests pass their own). */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment));
    }

    /** Loads {@code file} with no overrides. */
    public JobConfig load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads {@code file}, applies {@code overrides} ({@code key=value} each, later ones win) and
     * interpolates.
     *
     * @throws ConfigValidationException listing every problem: an unreadable file, a key set twice,
     *     a malformed override, an unset environment variable
     */
    public JobConfig load(Path file, List<String> overrides) {
        final List<ConfigException> problems = new ArrayList<>();
        final Map<String, String> values = readProperties(file, problems);
        values.putAll(parseOverrides(overrides, problems));
        return finish(values, problems);
    }

    /** Interpolates and overrides already-read values, for callers that hold no file. */
    public JobConfig fromMap(Map<String, String> values, List<String> overrides) {
        final List<ConfigException> problems = new ArrayList<>();
        final Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(parseOverrides(overrides, problems));
        return finish(merged, problems);
    }

    /**
     * Parses {@code key=value} arguments; the value may be empty or contain further {@code =}.
     *
     * @throws ConfigValidationException naming {@code --config} for each malformed argument
     */
    public static Map<String, String> parseOverrides(List<String> overrides) {
        final List<ConfigException> problems = new ArrayList<>();
        final Map<String, String> parsed = parseOverrides(overrides, problems);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return parsed;
    }

    private static Map<String, String> parseOverrides(List<String> overrides, List<ConfigException> problems) {
        final Map<String, String> parsed = new LinkedHashMap<>();
        for (String override : overrides) {
            final int eq = override.indexOf('=');
            if (eq <= 0 || override.substring(0, eq).isBlank()) {
                problems.add(new ConfigException(OVERRIDE_OPTION, "'" + SecretMasking.maskText(override)
                        + "' is not key=value; write for example --config task.batch.size=1000"));
                continue;
            }
            parsed.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return parsed;
    }

    private JobConfig finish(Map<String, String> values, List<ConfigException> problems) {
        final Map<String, String> resolved = new LinkedHashMap<>();
        values.forEach((key, raw) -> resolved.put(key, interpolate(key, raw, problems)));
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return JobConfig.of(resolved);
    }

    private static Map<String, String> readProperties(Path file, List<ConfigException> problems) {
        final Map<String, String> values = new LinkedHashMap<>();
        final String where = file.toString();
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigException(where, "no such file; check --config-path (working directory is "
                    + Path.of("").toAbsolutePath() + ")"));
            return values;
        }
        final PropertiesConfiguration properties = new PropertiesConfiguration();
        // Lists stay raw comma strings: Riffle's typed keys split them, and a job's own values keep their commas.
        properties.setListDelimiterHandler(DisabledListDelimiterHandler.INSTANCE);
        try {
            new FileHandler(properties).load(file.toFile());
        } catch (ConfigurationException e) {
            final Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            problems.add(new ConfigException(where, "cannot read the file: " + cause.getMessage()));
            return values;
        } catch (RuntimeException e) {
            // Defensive: commons-configuration signals some content problems with unchecked exceptions.
            problems.add(new ConfigException(where, "is not a valid .properties file: " + e.getMessage()));
            return values;
        }
        for (Iterator<String> keys = properties.getKeys(); keys.hasNext(); ) {
            final String key = keys.next();
            // getProperty does not interpolate; a key written twice comes back as a list.
            final Object value = properties.getProperty(key);
            if (value instanceof List<?> list) {
                problems.add(new ConfigException(key, "is set " + list.size() + " times in " + where
                        + "; keep one line"));
                continue;
            }
            values.put(key, value == null ? "" : value.toString().trim());
        }
        return values;
    }

    private String interpolate(String key, String raw, List<ConfigException> problems) {
        if (raw.indexOf("${") < 0) {
            return raw;
        }
        final Set<String> missing = new LinkedHashSet<>();
        final Matcher m = EXPRESSION.matcher(raw);
        while (m.find()) {
            final String expression = m.group(1);
            if (!expression.startsWith(ENV_PREFIX) || expression.length() == ENV_PREFIX.length()) {
                problems.add(new ConfigException(key, "'${" + expression + "}' is not supported; only ${env:VAR}"
                        + " is interpolated"));
                return raw;
            }
            if (!environment.containsKey(expression.substring(ENV_PREFIX.length()))) {
                missing.add(expression.substring(ENV_PREFIX.length()));
            }
        }
        if (!missing.isEmpty()) {
            for (String variable : missing) {
                problems.add(new ConfigException(key, "environment variable " + variable + " is not set (the value"
                        + " uses ${env:" + variable + "}); export it or override the key with --config " + key + "=..."));
            }
            return raw;
        }
        final ConfigurationInterpolator interpolator = new ConfigurationInterpolator();
        interpolator.registerLookup("env", environment::get);
        final Object value = interpolator.interpolate(raw);
        return value == null ? "" : value.toString();
    }
}
