package dev.riffle.runner.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ByteKeyTest {

    private static ByteKey key(String text) {
        return new ByteKey(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldBeEqualByContentNotByArray() {
        assertThat(key("v:alice")).isEqualTo(key("v:alice")).hasSameHashCodeAs(key("v:alice"));
        assertThat(key("v:alice")).isNotEqualTo(key("v:alicf")).isNotEqualTo(key("v:alic"));
    }

    @Test
    void shouldFindAMapEntryWithAnotherArrayOfTheSameBytes() {
        final Map<ByteKey, String> map = new HashMap<>();
        map.put(key("b:42"), "7");
        assertThat(map.get(key("b:42"))).isEqualTo("7");
        assertThat(map.get(key("b:43"))).isNull();
    }

    @Test
    void shouldWrapTheArrayWithoutCopyingIt() {
        final byte[] bytes = {1, 2, 3};
        assertThat(new ByteKey(bytes).bytes()).isSameAs(bytes);
    }
}
