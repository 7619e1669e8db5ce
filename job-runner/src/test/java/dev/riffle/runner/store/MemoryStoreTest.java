package dev.riffle.runner.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.config.ConfigException;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The store contract against the in-memory backend, plus assembly errors that need no real store. */
class MemoryStoreTest extends StoreContractTest {

    @Override
    protected Map<String, String> backendSettings(String store) {
        return Map.of("factory", "memory");
    }

    @Test
    void shouldExplainAnUnknownBackend() {
        assertThatThrownBy(() -> open(job, "task-0", Map.of("stores.profiles.factory", "mongo")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("stores.profiles.factory").hasMessageContaining("mongo")
                .hasMessageContaining("memory");
    }

    @Test
    void shouldRejectACheckpointStoreThatIsNotConfigured() {
        assertThatThrownBy(() -> open(job, "task-0", Map.of("task.checkpoint.store", "offsets")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("offsets");
    }
}
