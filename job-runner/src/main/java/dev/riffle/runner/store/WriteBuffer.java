package dev.riffle.runner.store;

import dev.riffle.api.store.spi.WriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task's store at the level of bytes, with its writes buffered until the commit: reads of buffered
 * keys are answered here (read-your-writes), the other keys of a read go to the backend in one call, and
 * the buffered writes reach it in one call at {@link #flush} or {@link #commit}. Single-threaded.
 */
final class WriteBuffer {

    // Identity marks a delete; a real empty value is a different array.
    private static final byte[] DELETED = new byte[0];

    private final ScopedBackend backend;
    private final long ttlMs;
    private final Map<ByteBuffer, byte[]> pending = new LinkedHashMap<>();

    WriteBuffer(ScopedBackend backend, long ttlMs) {
        this.backend = backend;
        this.ttlMs = ttlMs;
    }

    byte[] get(byte[] key) {
        return getAll(List.of(key)).get(0);
    }

    /** Values in the order of {@code keys}, {@code null} where missing. */
    List<byte[]> getAll(List<byte[]> keys) {
        final List<byte[]> result = new ArrayList<>(keys.size());
        final Map<ByteBuffer, Integer> missIndex = new LinkedHashMap<>();
        final List<byte[]> misses = new ArrayList<>();
        for (byte[] key : keys) {
            final ByteBuffer k = ByteBuffer.wrap(key);
            final byte[] buffered = pending.get(k);
            if (buffered != null) {
                result.add(buffered == DELETED ? null : buffered);
            } else {
                if (!missIndex.containsKey(k)) {
                    missIndex.put(k, misses.size());
                    misses.add(key);
                }
                result.add(null);
            }
        }
        if (misses.isEmpty()) {
            return result;
        }
        final List<byte[]> fetched = backend.getAll(misses);
        final Map<ByteBuffer, byte[]> byKey = new HashMap<>();
        missIndex.forEach((k, i) -> byKey.put(k, fetched.get(i)));
        for (int i = 0; i < keys.size(); i++) {
            final ByteBuffer k = ByteBuffer.wrap(keys.get(i));
            if (byKey.containsKey(k)) {
                result.set(i, byKey.get(k));
            }
        }
        return result;
    }

    void put(byte[] key, byte[] value) {
        pending.put(ByteBuffer.wrap(key), value);
    }

    void delete(byte[] key) {
        pending.put(ByteBuffer.wrap(key), DELETED);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Sends the buffered writes; they are dropped only once the backend accepted them. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        backend.write(batch());
        pending.clear();
    }

    /** Sends the buffered writes with the checkpoint in one atomic commit guarded by {@code generation}. */
    void commit(long generation, byte[] checkpoint) {
        backend.commit(batch(), generation, checkpoint);
        pending.clear();
    }

    long claim() {
        return backend.claim();
    }

    Optional<byte[]> readCheckpoint() {
        return backend.readCheckpoint();
    }

    void discard() {
        pending.clear();
    }

    String describe() {
        return backend.describe();
    }

    private WriteBatch batch() {
        final WriteBatch.Builder builder = WriteBatch.builder(ttlMs);
        pending.forEach((k, v) -> {
            final byte[] key = new byte[k.remaining()];
            k.duplicate().get(key);
            if (v == DELETED) {
                builder.delete(key);
            } else {
                builder.put(key, v);
            }
        });
        return builder.build();
    }
}
