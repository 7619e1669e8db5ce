package dev.riffle.runner.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The container runtime's packages form layers (docs/architecture.md, "Packages of the container"): a
 * package uses only the packages below it, so there is no cycle and each concern can be read without
 * the ones above it. Reads the main sources as text: imports and fully qualified names in code.
 */
class ContainerPackagesTest {

    private static final String CONTAINER = "dev.riffle.runner.container";
    private static final Path SOURCES = Path.of("src/main/java/dev/riffle/runner");
    /** Bottom first; the container package itself (the process: ContainerMain, Containers) on top. */
    private static final List<String> LAYERS = List.of("errors", "io", "retry", "commit", "task", "am", "");
    /** Packages of the runtime that the container builds on, which must never use it. */
    private static final List<String> BELOW_CONTAINER = List.of("config", "metrics", "model", "protocol", "serde",
            "store");
    private static final Pattern USE = Pattern.compile("\\bdev\\.riffle\\.runner\\.container((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    /** Comments and string literals: a class named there is not used. */
    private static final Pattern NOT_CODE = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"",
            Pattern.DOTALL);

    @Test
    void shouldLetEachContainerPackageUseOnlyThePackagesBelowIt() throws IOException {
        final List<String> violations = new ArrayList<>();
        for (Map.Entry<Path, String> source : sources(SOURCES.resolve("container")).entrySet()) {
            final String from = packageOf(source.getKey());
            final int fromLayer = LAYERS.indexOf(from);
            assertThat(fromLayer).as("layer of package container.%s (%s); add it to LAYERS and to"
                    + " docs/architecture.md", from, source.getKey()).isNotNegative();
            for (String to : usedContainerPackages(source.getValue())) {
                if (LAYERS.indexOf(to) > fromLayer) {
                    violations.add(source.getKey() + " (" + name(from) + ") uses " + name(to));
                }
            }
        }
        assertThat(violations).as("uses of a higher layer").isEmpty();
    }

    @Test
    void shouldKeepTheRuntimesLowerPackagesFreeOfTheContainer() throws IOException {
        final List<String> violations = new ArrayList<>();
        for (String below : BELOW_CONTAINER) {
            for (Map.Entry<Path, String> source : sources(SOURCES.resolve(below)).entrySet()) {
                if (!usedContainerPackages(source.getValue()).isEmpty()) {
                    violations.add(source.getKey().toString());
                }
            }
        }
        assertThat(violations).as("files below the container that use it").isEmpty();
    }

    private static List<String> usedContainerPackages(final String source) {
        final Matcher m = USE.matcher(NOT_CODE.matcher(source).replaceAll(""));
        final List<String> used = new ArrayList<>();
        while (m.find()) {
            used.add(m.group(1).isEmpty() ? "" : m.group(1).substring(1).split("\\.")[0]);
        }
        return used;
    }

    private static String packageOf(final Path file) {
        final Path relative = SOURCES.resolve("container").relativize(file.getParent());
        return relative.toString().isEmpty() ? "" : relative.getName(0).toString();
    }

    private static String name(final String layer) {
        return layer.isEmpty() ? CONTAINER : CONTAINER + "." + layer;
    }

    private static Map<Path, String> sources(final Path dir) throws IOException {
        assertThat(dir).as("run from the job-runner module").isDirectory();
        final Map<Path, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                result.put(f, Files.readString(f));
            }
        }
        return result;
    }
}
