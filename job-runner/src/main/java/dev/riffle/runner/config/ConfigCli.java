package dev.riffle.runner.config;

import dev.riffle.api.config.ConfigException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What every command-line entry point does with a configuration: load, override, interpolate,
 * validate, print warnings, and on any error print every problem to stderr and exit with status
 * {@value #EXIT_CONFIG_ERROR}. The only place that exits the JVM for a bad configuration.
 */
public final class ConfigCli {

    /** Exit status of every script for a bad configuration or bad usage. */
    public static final int EXIT_CONFIG_ERROR = 2;

    private ConfigCli() {
    }

    /**
     * Loads and validates {@code file} with {@code overrides}; on failure prints the problems to
     * {@code System.err} and calls {@code System.exit(2)}.
     *
     * @param checkClasses whether the task, serde and store classes must be on this JVM's classpath
     */
    public static JobConfig loadOrExit(Path file, List<String> overrides, boolean checkClasses) {
        return loadOrExit(file, overrides, checkClasses, new ConfigLoader(), System.err, System::exit);
    }

    /** As {@link #loadOrExit(Path, List, boolean)}, with the environment, stderr and exit supplied (tests). */
    static JobConfig loadOrExit(Path file, List<String> overrides, boolean checkClasses, ConfigLoader loader,
                                PrintStream err, IntConsumer exit) {
        try {
            return load(file, overrides, checkClasses, loader, err);
        } catch (ConfigException e) {
            exit.accept(report(e, err));
            // Only reached when exit does not end the JVM (tests): keep failing loudly.
            throw e;
        }
    }

    /**
     * Loads and validates, printing warnings to {@code err}.
     *
     * @throws ConfigException (usually a {@link ConfigValidationException}) listing every problem
     */
    public static JobConfig load(Path file, List<String> overrides, boolean checkClasses, ConfigLoader loader,
                                 PrintStream err) {
        final JobConfig config = loader.load(file, overrides);
        final ConfigValidator.Result result = new ConfigValidator(checkClasses).validate(config);
        for (String warning : result.warnings()) {
            err.println("config warning: " + warning);
        }
        result.throwIfInvalid();
        return config;
    }

    /**
     * Prints each problem of {@code e} on its own line to {@code err}, followed by a hint, and returns
     * the exit status for it.
     */
    public static int report(ConfigException e, PrintStream err) {
        // Messages may quote values (a Redis URI with its password): show them masked.
        err.println(SecretMasking.maskText(e.getMessage()));
        final int count = e instanceof ConfigValidationException v ? v.problems().size() : 1;
        err.println(count == 1 ? "1 configuration error; nothing was started."
                : count + " configuration errors; nothing was started.");
        err.flush();
        return EXIT_CONFIG_ERROR;
    }
}
