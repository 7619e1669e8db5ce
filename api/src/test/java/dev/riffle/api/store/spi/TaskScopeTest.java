package dev.riffle.api.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The names of a scope; the Redis layout built from them is pinned by RedisKeysTest. */
class TaskScopeTest {

    private final TaskScope scope = new TaskScope("visitor-counter", "1", "counts", "Partition 3");

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
}
