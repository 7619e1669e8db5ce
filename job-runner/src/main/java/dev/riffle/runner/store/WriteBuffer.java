package dev.riffle.runner.store;

import dev.riffle.api.store.spi.WriteBatch;

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
    private final Map<ByteKey, byte[]> pending = new LinkedHashMap<>();

    WriteBuffer(ScopedBackend backend, long ttlMs) {
        this.backend = backend;
        this.ttlMs = ttlMs;
    }

    byte[] get(byte[] key) {
        return getAll(List.of(key)).get(0);
    }

    /** Values in the order of {@code keys}, {@code null} where missing. */
    List<byte[]> getAll(List<byte[]> keys) {
        final int size = keys.size();
        final List<byte[]> result = new ArrayList<>(size);
        // Per position: -1 when answered here, else the index of its key among the misses.
        final int[] missOf = new int[size];
        final Map<ByteKey, Integer> missIndex = new HashMap<>();
        final List<byte[]> misses = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            final byte[] key = keys.get(i);
            final ByteKey k = new ByteKey(key);
            final byte[] buffered = pending.get(k);
            if (buffered != null) {
                result.add(buffered == DELETED ? null : buffered);
                missOf[i] = -1;
            } else {
                final Integer known = missIndex.putIfAbsent(k, misses.size());
                missOf[i] = known == null ? misses.size() : known;
                if (known == null) {
                    misses.add(key);
                }
                result.add(null);
            }
        }
        if (misses.isEmpty()) {
            return result;
        }
        final List<byte[]> fetched = backend.getAll(misses);
        for (int i = 0; i < size; i++) {
            if (missOf[i] >= 0) {
                result.set(i, fetched.get(missOf[i]));
            }
        }
        return result;
    }

    void put(byte[] key, byte[] value) {
        pending.put(new ByteKey(key), value);
    }

    void delete(byte[] key) {
        pending.put(new ByteKey(key), DELETED);
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
        // The key arrays were encoded for this buffer alone, so the batch can carry them without a copy.
        pending.forEach((k, v) -> {
            if (v == DELETED) {
                builder.delete(k.bytes());
            } else {
                builder.put(k.bytes(), v);
            }
        });
        return builder.build();
    }
}
