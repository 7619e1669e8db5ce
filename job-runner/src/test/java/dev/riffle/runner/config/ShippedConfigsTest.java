package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configurations the project ships in {@code config/} load and validate without errors or warnings. */
class ShippedConfigsTest {

    @Test
    void shouldValidateEveryShippedConfigurationCleanly() throws IOException {
        final Path dir = ConfigDocs.repositoryRoot().resolve("config");
        final List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".properties")).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("configurations in %s", dir).isNotEmpty();
        for (Path file : files) {
            final JobConfig config = new ConfigLoader(Map.of()).load(file);
            // The examples' task classes are not on this module's classpath.
            final ConfigValidator.Result result = new ConfigValidator(false).validate(config);
            assertThat(result.errors()).as("errors in %s", file).isEmpty();
            assertThat(result.warnings()).as("warnings for %s", file).isEmpty();
        }
    }
}
