package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void shouldMatchTheCommittedConfigurationReference() throws IOException {
        final Path committed = ConfigDocs.repositoryRoot().resolve(ConfigDocs.RELATIVE_PATH);
        assertThat(committed).as("%s is missing; generate it from the repository root with: %s",
                ConfigDocs.RELATIVE_PATH, ConfigDocs.REGENERATE_COMMAND).isRegularFile();
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as("%s is stale: it differs from what RiffleConfig generates. Regenerate it from the repository root with: %s",
                        ConfigDocs.RELATIVE_PATH, ConfigDocs.REGENERATE_COMMAND)
                .isEqualTo(ConfigDocs.render());
    }

    @Test
    void shouldDocumentEveryDeclaredKeyOnce() {
        final String docs = ConfigDocs.render();
        for (ConfigKey<?> key : RiffleConfig.keys()) {
            assertThat(docs).containsOnlyOnce("| `" + key.name() + "` |");
        }
        assertThat(docs).contains("${env:VAR}", "--config key=value", "did you mean");
    }
}
