package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.runner.config.ConfigDocs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is what {@link ConfigDocs} generates from the declarations: the runtime's
 * keys, every store backend's (memory, redis, cassandra: all on this module's class path) and the visitor
 * counter's. With {@code -Driffle.config.docs.write=true} ({@link ConfigDocs#REGENERATE_COMMAND}) the
 * test rewrites the file first.
 */
class ConfigReferenceTest {

    /** The tasks whose keys the reference lists. */
    static final List<String> DOCUMENTED_TASKS = List.of(VisitorCounterTask.class.getName());

    @Test
    void shouldMatchTheCommittedConfigurationReference() throws IOException {
        final Path committed = ConfigDocs.repositoryRoot().resolve(ConfigDocs.RELATIVE_PATH);
        if (Boolean.getBoolean("riffle.config.docs.write")) {
            ConfigDocs.write(committed, DOCUMENTED_TASKS);
        }
        assertThat(committed).as("%s is missing; generate it from the repository root with: %s",
                ConfigDocs.RELATIVE_PATH, ConfigDocs.REGENERATE_COMMAND).isRegularFile();
        final String rendered = ConfigDocs.render(DOCUMENTED_TASKS);
        assertThat(rendered).contains("| `stores.<name>.redis.uri` |", "| `stores.<name>.cassandra.keyspace` |",
                "| `stores.<name>.memory.instance` |", "| `visitors.threshold` |", "| `task.commit.background` | boolean |");
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as("%s is stale: it differs from what the declarations generate. Regenerate it from the repository"
                        + " root with: %s", ConfigDocs.RELATIVE_PATH, ConfigDocs.REGENERATE_COMMAND)
                .isEqualTo(rendered);
    }
}
