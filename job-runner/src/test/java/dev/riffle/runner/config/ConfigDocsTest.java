package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.config.ConfigKey;
import dev.riffle.runner.store.memory.MemoryBackendFactory;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the reference holds. That the committed {@code docs/configuration.md} is up to date is checked by
 * {@code ConfigReferenceTest} in {@code examples/visitor-counter}, where every backend is on the class path.
 */
class ConfigDocsTest {

    @Test
    void shouldDocumentEveryDeclaredKeyOnce() {
        final String docs = ConfigDocs.render(List.of(TestTasks.SelfChecking.class.getName()));
        final List<ConfigKey<?>> keys = new ArrayList<>(RiffleConfig.keys());
        keys.addAll(new MemoryBackendFactory().configKeys());
        keys.addAll(new TestTasks.SelfChecking().configKeys());
        assertThat(keys).hasSizeGreaterThan(RiffleConfig.keys().size() + 1);
        for (ConfigKey<?> key : keys) {
            assertThat(docs).containsOnlyOnce("| `" + key.name() + "` |");
        }
        assertThat(docs).contains("${env:VAR}", "--config key=value", "did you mean", "### memory",
                "### `" + TestTasks.SelfChecking.class.getName() + "`");
    }
}
