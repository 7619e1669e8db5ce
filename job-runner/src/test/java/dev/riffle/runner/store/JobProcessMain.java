package dev.riffle.runner.store;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.local.LocalJobRunner;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Runs a job locally from a properties file, in the foreground: the child process the crash and store-loss tests
 * run. Arguments after the file are {@code key=value} overrides.
 */
public final class JobProcessMain {

    private JobProcessMain() {
    }

    public static void main(String[] args) throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            properties.load(reader);
        }
        final Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        for (int i = 1; i < args.length; i++) {
            final int eq = args[i].indexOf('=');
            values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        System.exit(LocalJobRunner.runForeground(JobConfig.of(values)));
    }
}
