package dev.riffle.runner.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.WriteBatch;
import dev.riffle.runner.metrics.TaskStats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The write buffer's read cache: what it answers, what it must ask the backend, and when it forgets. */
class WriteBufferCacheTest {

    private final StoreMetrics metrics = new StoreMetrics("test");

    /** A map as the backend, recording the keys of every read; commits can be made to fail. */
    private static final class RecordingBackend implements ScopedBackend {
        final Map<String, byte[]> data = new HashMap<>();
        final List<List<String>> reads = new ArrayList<>();
        boolean failCommits;

        @Override
        public List<byte[]> getAll(List<byte[]> keys) {
            final List<String> names = new ArrayList<>();
            final List<byte[]> values = new ArrayList<>();
            for (byte[] key : keys) {
                names.add(new String(key, UTF_8));
                values.add(data.get(new String(key, UTF_8)));
            }
            reads.add(names);
            return values;
        }

        @Override
        public void write(WriteBatch batch) {
            apply(batch);
        }

        @Override
        public void commit(WriteBatch batch, long generation, byte[] expected, byte[] checkpoint) {
            if (failCommits) {
                throw new StoreException("store test is down", false);
            }
            apply(batch);
        }

        private void apply(WriteBatch batch) {
            for (WriteBatch.Write write : batch.writes()) {
                if (write.isDelete()) {
                    data.remove(new String(write.key(), UTF_8));
                } else {
                    data.put(new String(write.key(), UTF_8), write.value());
                }
            }
        }

        @Override
        public long claim() {
            return 1;
        }

        @Override
        public Optional<byte[]> readCheckpoint() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "store test of task t";
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String read(WriteBuffer buffer, String key) {
        final byte[] value = buffer.get(b(key));
        return value == null ? null : new String(value, UTF_8);
    }

    @Test
    void shouldAnswerRepeatedReadsAndMissingKeysWithoutTheBackend() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("a", b("1"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 10, metrics);

        assertThat(buffer.getAll(List.of(b("a"), b("b"))))
                .extracting(v -> v == null ? null : new String(v, UTF_8)).containsExactly("1", null);
        assertThat(read(buffer, "a")).isEqualTo("1");
        assertThat(read(buffer, "b")).isNull();

        assertThat(backend.reads).containsExactly(List.of("a", "b"));
        assertThat(metrics.cacheHits()).isEqualTo(2);
    }

    @Test
    void shouldServeCommittedWritesAndDeletesFromTheCache() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("gone", b("x"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 10, metrics);
        buffer.put(b("k"), b("v1"));
        buffer.delete(b("gone"));
        buffer.commit(1, null, b("offsets"));

        assertThat(read(buffer, "k")).isEqualTo("v1");
        assertThat(read(buffer, "gone")).isNull();
        assertThat(backend.reads).isEmpty();
    }

    @Test
    void shouldAnswerWithTheNewestOfPendingSealedAndCommittedWrites() {
        final RecordingBackend backend = new RecordingBackend();
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 10, metrics);
        buffer.put(b("k"), b("v1"));
        final WriteBuffer.Sealed first = buffer.seal();
        assertThat(read(buffer, "k")).isEqualTo("v1");

        buffer.put(b("k"), b("v2"));
        assertThat(read(buffer, "k")).isEqualTo("v2");
        buffer.commitSealed(first, 1, null, b("offsets-1"));
        buffer.landed(first);
        assertThat(read(buffer, "k")).isEqualTo("v2");

        buffer.delete(b("k"));
        assertThat(read(buffer, "k")).isNull();
        final WriteBuffer.Sealed second = buffer.seal();
        buffer.commitSealed(second, 1, b("offsets-1"), b("offsets-2"));
        buffer.landed(second);

        assertThat(read(buffer, "k")).isNull();
        assertThat(backend.data).doesNotContainKey("k");
        assertThat(backend.reads).isEmpty();
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepOnlyTheNewestCommittedWritesWhenFull() {
        final RecordingBackend backend = new RecordingBackend();
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 2, metrics);
        buffer.put(b("a"), b("1"));
        buffer.put(b("b"), b("2"));
        buffer.put(b("c"), b("3"));
        buffer.commit(1, null, b("offsets"));

        assertThat(read(buffer, "c")).isEqualTo("3");
        assertThat(read(buffer, "b")).isEqualTo("2");
        assertThat(backend.reads).isEmpty();
        assertThat(read(buffer, "a")).isEqualTo("1");
        assertThat(backend.reads).containsExactly(List.of("a"));
    }

    @Test
    void shouldReadCommittedWritesBackFromTheBackendWhenTheCacheIsOff() {
        final RecordingBackend backend = new RecordingBackend();
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 0, metrics);
        buffer.put(b("a"), b("1"));
        assertThat(read(buffer, "a")).isEqualTo("1");
        buffer.commit(1, null, b("offsets"));
        backend.data.put("a", b("changed in the backend"));

        assertThat(read(buffer, "a")).isEqualTo("changed in the backend");
        assertThat(backend.reads).containsExactly(List.of("a"));
    }

    @Test
    void shouldNotCacheWritesTheBackendRejected() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("k", b("old"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 10, metrics);
        buffer.put(b("k"), b("new"));
        backend.failCommits = true;

        assertThatThrownBy(() -> buffer.commit(1, null, b("offsets"))).isInstanceOf(StoreException.class);
        buffer.discard();

        assertThat(read(buffer, "k")).isEqualTo("old");
        assertThat(backend.reads).containsExactly(List.of("k"));
    }

    @Test
    void shouldForgetEverythingOnDiscard() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("a", b("1"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 10, metrics);
        read(buffer, "a");
        backend.data.put("a", b("2"));

        buffer.discard();

        assertThat(read(buffer, "a")).isEqualTo("2");
        assertThat(backend.reads).hasSize(2);
    }

    @Test
    void shouldEvictTheOldestKeyWhenFull() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("a", b("1"));
        backend.data.put("b", b("2"));
        backend.data.put("c", b("3"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 2, metrics);
        read(buffer, "a");
        read(buffer, "b");
        read(buffer, "c");
        backend.reads.clear();

        read(buffer, "c");
        read(buffer, "b");
        read(buffer, "a");

        assertThat(backend.reads).containsExactly(List.of("a"));
    }

    @Test
    void shouldNotCacheValuesReadFromABackendThatExpiresThem() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("a", b("1"));
        final WriteBuffer buffer = new WriteBuffer(backend, 60_000, 10, metrics);
        read(buffer, "a");
        read(buffer, "missing");
        read(buffer, "a");
        read(buffer, "missing");

        assertThat(backend.reads).containsExactly(List.of("a"), List.of("missing"), List.of("a"));
    }

    @Test
    void shouldDropTheCacheWhenItsOldestWriteCouldHaveExpired() {
        final RecordingBackend backend = new RecordingBackend();
        final long[] now = {1_000_000_000L};
        final WriteBuffer buffer = new WriteBuffer(backend, 50, 10, metrics, () -> now[0]);
        buffer.put(b("old"), b("1"));
        buffer.flush();
        now[0] += 30_000_000L;
        buffer.put(b("new"), b("2"));
        buffer.flush();

        now[0] += 19_000_000L;
        assertThat(read(buffer, "old")).isEqualTo("1");
        assertThat(read(buffer, "new")).isEqualTo("2");
        assertThat(backend.reads).isEmpty();

        // 50 ms after the first write: the backend may have expired it, so nothing cached is trusted.
        now[0] += 1_000_000L;
        backend.data.remove("old");
        assertThat(read(buffer, "old")).isNull();
        assertThat(read(buffer, "new")).isEqualTo("2");
        assertThat(backend.reads).containsExactly(List.of("old"), List.of("new"));
    }

    @Test
    void shouldReportCacheHitsInTheTasksMetrics() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("a", b("1"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 10, metrics);
        final TaskStats stats = new TaskStats("Partition 0");
        stats.stores(() -> Map.of("test", metrics));

        read(buffer, "a");
        read(buffer, "a");
        read(buffer, "a");
        buffer.put(b("a"), b("2"));
        read(buffer, "a"); // answered by the pending write: not a cache hit

        assertThat(stats.snapshot()).containsEntry("store.test.cache-hits", 2L);
        assertThat(stats.report(0, Map.of()).stores()).singleElement()
                .satisfies(s -> assertThat(s.cacheHits()).isEqualTo(2L));
    }

    @Test
    void shouldAlwaysAskTheBackendWhenTheCacheIsOff() {
        final RecordingBackend backend = new RecordingBackend();
        backend.data.put("a", b("1"));
        final WriteBuffer buffer = new WriteBuffer(backend, 0, 0, metrics);
        read(buffer, "a");
        read(buffer, "a");

        assertThat(backend.reads).hasSize(2);
        assertThat(metrics.cacheHits()).isZero();
    }
}
