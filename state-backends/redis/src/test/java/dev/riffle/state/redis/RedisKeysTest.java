package dev.riffle.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.store.spi.TaskScope;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Redis key layout is a public format (docs/state.md): these tests pin it. */
class RedisKeysTest {

    private final RedisKeys keys = RedisKeys.of(new TaskScope("visitor-counter", "1", "counts", "Partition 3"));

    @Test
    void shouldPrefixValuesWithTheHashTaggedTaskAndTheStore() {
        assertThat(text(keys.data("v-42".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("riffle:{visitor-counter:1:Partition 3}:counts:d:v-42");
    }

    @Test
    void shouldKeepCheckpointAndGenerationInTheSameHashTagOutsideTheValueSpace() {
        assertThat(text(keys.checkpoint())).isEqualTo("riffle:{visitor-counter:1:Partition 3}:counts:checkpoint");
        assertThat(text(keys.generation())).isEqualTo("riffle:{visitor-counter:1:Partition 3}:counts:generation");
    }

    @Test
    void shouldKeepRawKeyBytesAsTheyAre() {
        final byte[] key = {0, (byte) 0xff, ':', '}'};

        final byte[] flat = keys.data(key);

        assertThat(flat).endsWith(key);
        assertThat(flat).hasSize("riffle:{visitor-counter:1:Partition 3}:counts:d:".length() + key.length);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
