package dev.riffle.api.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The flat key layout is a public format (docs/state.md): these tests pin it. */
class TaskScopeTest {

    private final TaskScope scope = new TaskScope("visitor-counter", "1", "counts", "Partition 3");

    @Test
    void shouldPrefixValuesWithTheHashTaggedTaskAndTheStore() {
        assertThat(text(scope.dataKey("v-42".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("riffle:{visitor-counter:1:Partition 3}:counts:d:v-42");
    }

    @Test
    void shouldKeepCheckpointAndGenerationInTheSameHashTagOutsideTheValueSpace() {
        assertThat(text(scope.checkpointKey())).isEqualTo("riffle:{visitor-counter:1:Partition 3}:counts:checkpoint");
        assertThat(text(scope.generationKey())).isEqualTo("riffle:{visitor-counter:1:Partition 3}:counts:generation");
    }

    @Test
    void shouldKeepRawKeyBytesAsTheyAre() {
        final byte[] key = {0, (byte) 0xff, ':', '}'};

        final byte[] flat = scope.dataKey(key);

        assertThat(flat).endsWith(key);
        assertThat(flat).hasSize("riffle:{visitor-counter:1:Partition 3}:counts:d:".length() + key.length);
    }

    @Test
    void shouldRejectNamesThatWouldMakeTheLayoutAmbiguous() {
        assertThatThrownBy(() -> new TaskScope("job", "1", "a:b", "t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store name").hasMessageContaining("a:b");
        assertThatThrownBy(() -> new TaskScope("job", "1", "s", "t}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task name");
        assertThatThrownBy(() -> new TaskScope("job", " ", "s", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBeEqualForTheSameJobStoreAndTask() {
        assertThat(new TaskScope("visitor-counter", "1", "counts", "Partition 3")).isEqualTo(scope)
                .hasSameHashCodeAs(scope);
        assertThat(new TaskScope("visitor-counter", "2", "counts", "Partition 3")).isNotEqualTo(scope);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
