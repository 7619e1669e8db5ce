package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.config.ConfigKey;
import dev.riffle.runner.config.ConfigDocs;
import dev.riffle.runner.config.DeclaredKeys;
import dev.riffle.runner.config.RiffleConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each configuration key is declared in exactly one place: this module sees every declaration (the
 * runtime's, every store backend's, the visitor counter's), so a key declared twice, or read from a
 * string literal instead of its declaration, fails here.
 */
class ConfigDeclaredOnceTest {

    /** {@code ConfigKey.string("name")}, {@code ConfigKey.of("name", ...)}, ...: a declaration in source. */
    private static final Pattern DECLARATION = Pattern.compile(
            "ConfigKey\\s*\\.\\s*(?:string|integer|longKey|doubleKey|bool|list|oneOf|of)\\(\\s*\"([^\"]+)\"");

    /** A store or visitor counter key parsed by its literal name, instead of through its declaration. */
    private static final Pattern LITERAL_READ = Pattern.compile(
            "(?:\\.(?:get|getString|getInt|getLong|getDouble|getBoolean|subset)|new ConfigException)\\(\\s*"
                    + "\"((?:stores|visitors)\\.[^\"]*)\"");

    /** The modules that read configuration; bench/ and chaos/ only write it for the jobs they start. */
    private static final List<String> READING_MODULES = List.of("api", "job-runner", "yarn-am",
            "state-backends", "examples");

    private static List<ConfigKey<?>> everyDeclaredKey() {
        final List<ConfigKey<?>> keys = new ArrayList<>(RiffleConfig.keys());
        DeclaredKeys.backends(ConfigDeclaredOnceTest.class.getClassLoader()).values().forEach(keys::addAll);
        keys.addAll(new VisitorCounterTask().configKeys());
        return keys;
    }

    @Test
    void shouldDeclareNoKeyTwiceAmongTheRuntimeTheBackendsAndTheJob() {
        final List<ConfigKey<?>> keys = everyDeclaredKey();
        assertThat(DeclaredKeys.backends(getClass().getClassLoader())).containsOnlyKeys("cassandra", "memory", "redis");
        final Map<String, Long> counts = keys.stream()
                .collect(Collectors.groupingBy(ConfigKey::name, TreeMap::new, Collectors.counting()));
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).toList())
                .as("keys declared more than once").isEmpty();
        // A concrete key of one declaration may not also be covered by another's template.
        for (ConfigKey<?> key : keys) {
            final String concrete = key.isTemplate() ? key.name("s") : key.name();
            assertThat(keys.stream().filter(k -> k.match(concrete).isPresent()).map(ConfigKey::name))
                    .as("declarations covering %s", concrete).containsExactly(key.name());
        }
    }

    @Test
    void shouldFindEachKeyDeclaredInOnePlaceOfTheSources() throws IOException {
        final Map<String, List<String>> declaredAt = new TreeMap<>();
        final List<String> everyModule;
        try (Stream<Path> top = Files.list(ConfigDocs.repositoryRoot())) {
            everyModule = top.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !name.equals("target")).sorted().toList();
        }
        forEachMainSource(everyModule, (file, text) -> {
            final Matcher m = DECLARATION.matcher(text);
            while (m.find()) {
                declaredAt.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file.toString());
            }
        });
        assertThat(declaredAt.keySet()).as("declarations found in the sources")
                .containsAll(everyDeclaredKey().stream().map(ConfigKey::name).toList());
        assertThat(declaredAt.entrySet().stream().filter(e -> e.getValue().size() > 1).toList())
                .as("keys declared in more than one place of the sources").isEmpty();
    }

    @Test
    void shouldReadStoreAndVisitorKeysOnlyThroughTheirDeclarations() throws IOException {
        final List<String> literalReads = new ArrayList<>();
        forEachMainSource(READING_MODULES, (file, text) -> {
            final Matcher m = LITERAL_READ.matcher(text);
            while (m.find()) {
                literalReads.add(file + ": " + m.group());
            }
        });
        assertThat(literalReads).as("reads of a key by its literal name; read it with config.get(KEY)").isEmpty();
        // The pattern does find such a read.
        assertThat(LITERAL_READ.matcher("config.getLong(\"visitors.threshold\", 100_000)").find()).isTrue();
    }

    private static void forEachMainSource(List<String> modules, SourceVisitor visitor) throws IOException {
        final Path root = ConfigDocs.repositoryRoot();
        for (String module : modules) {
            try (Stream<Path> files = Files.walk(root.resolve(module))) {
                files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/.grid/"))
                        .filter(p -> p.toString().contains("/src/main/java/") && !p.toString().contains("/target/"))
                        .sorted()
                        .forEach(p -> visitor.visit(root.relativize(p), read(p)));
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface SourceVisitor {
        void visit(Path file, String text);
    }
}
