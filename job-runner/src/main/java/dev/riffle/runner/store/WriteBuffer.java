package dev.riffle.runner.store;

import dev.riffle.api.store.spi.WriteBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One task's store at the level of bytes, with its writes buffered until the commit: reads of buffered
 * keys are answered here (read-your-writes), the other keys of a read go to the backend in one call, and
 * the buffered writes reach it in one call at {@link #flush} or {@link #commit}. Single-threaded.
 *
 * <p>It also keeps a bounded cache of what the backend holds for this task: values it read, keys it
 * found missing, and writes once the backend accepted them. That is exact because nobody else writes a
 * task's keys: a checkpoint store fences every other container out by generation, and a plain store
 * is written only by the task's one running instance. With a TTL, a value read from the backend is not
 * cached (its remaining life is unknown), and the whole cache is dropped {@code ttl} after the first
 * write it holds was sent, which is before the backend expires any value written since. The cache is
 * also dropped with {@link #discard}. The oldest entries leave first once {@code cacheEntries} is
 * reached (insertion order: cheaper than LRU on the hot path, and a hot key that leaves is read back
 * once).
 */
final class WriteBuffer {

    // Identity marks a delete; a real empty value is a different array.
    private static final byte[] DELETED = new byte[0];
    // Identity marks, in the cache, a key the backend does not hold.
    private static final byte[] ABSENT = new byte[0];

    private final ScopedBackend backend;
    private final long ttlMs;
    private Map<ByteKey, byte[]> pending = new LinkedHashMap<>();
    /** Writes sealed for a commit another thread sends ({@link #seal}); read like pending ones until landed. */
    private Map<ByteKey, byte[]> sealed = Map.of();
    /** Key to value or {@link #ABSENT}. */
    private final Map<ByteKey, byte[]> cache;
    private final LongSupplier nanoClock;
    /** With a TTL: when the oldest write the cache holds was sent; valid while {@link #cacheHoldsWrites}. */
    private long oldestWriteNanos;
    private boolean cacheHoldsWrites;
    private long cacheHits;

    /** @param cacheEntries how many keys the cache holds at most; 0 turns it off */
    WriteBuffer(ScopedBackend backend, long ttlMs, int cacheEntries) {
        this(backend, ttlMs, cacheEntries, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime} but in tests */
    WriteBuffer(ScopedBackend backend, long ttlMs, int cacheEntries, LongSupplier nanoClock) {
        this.backend = backend;
        this.nanoClock = nanoClock;
        this.ttlMs = ttlMs;
        this.cache = cacheEntries <= 0 ? null : new LinkedHashMap<>(Math.min(cacheEntries, 1 << 16)) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteKey, byte[]> eldest) {
                return size() > cacheEntries;
            }
        };
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
        final List<ByteKey> missKeys = cache == null ? null : new ArrayList<>();
        if (cache != null && ttlMs > 0) {
            expireCache();
        }
        for (int i = 0; i < size; i++) {
            final byte[] key = keys.get(i);
            final ByteKey k = new ByteKey(key);
            byte[] buffered = pending.isEmpty() ? null : pending.get(k);
            if (buffered == null && !sealed.isEmpty()) {
                buffered = sealed.get(k);
            }
            final byte[] cached = buffered == null && cache != null ? cache.get(k) : null;
            if (buffered != null) {
                result.add(buffered == DELETED ? null : buffered);
                missOf[i] = -1;
            } else if (cached != null) {
                result.add(cached == ABSENT ? null : cached);
                missOf[i] = -1;
                cacheHits++;
            } else {
                final Integer known = missIndex.putIfAbsent(k, misses.size());
                missOf[i] = known == null ? misses.size() : known;
                if (known == null) {
                    misses.add(key);
                    if (missKeys != null) {
                        missKeys.add(k);
                    }
                }
                result.add(null);
            }
        }
        if (misses.isEmpty()) {
            return result;
        }
        final List<byte[]> fetched = backend.getAll(misses);
        if (cache != null) {
            for (int m = 0; m < misses.size(); m++) {
                final byte[] value = fetched.get(m);
                if (value == null) {
                    cache.put(missKeys.get(m), ABSENT);
                } else if (ttlMs == 0) {
                    cache.put(missKeys.get(m), value);
                }
            }
        }
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
        return pending.isEmpty() && sealed.isEmpty();
    }

    /** Sends the buffered writes; they are dropped only once the backend accepted them. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        final long sentAt = nanoClock.getAsLong();
        backend.write(batch());
        cacheWritten(sentAt);
    }

    /** Sends the buffered writes with the checkpoint in one atomic commit guarded by {@code generation}. */
    void commit(long generation, byte[] checkpoint) {
        final long sentAt = nanoClock.getAsLong();
        backend.commit(batch(), generation, checkpoint);
        cacheWritten(sentAt);
    }

    /** With a TTL, drops the cache once the oldest write it holds may have expired in the backend. */
    private void expireCache() {
        // Capped at about 34 years, so that the nanoseconds cannot overflow.
        if (cacheHoldsWrites && nanoClock.getAsLong() - oldestWriteNanos >= Math.min(ttlMs, 1L << 40) * 1_000_000L) {
            cache.clear();
            cacheHoldsWrites = false;
        }
    }

    /**
     * The buffered writes, taken out of the buffer for a commit that another thread sends with
     * {@link #commitSealed}. Until {@link #landed} they still answer reads. One seal at a time.
     */
    Sealed seal() {
        if (!sealed.isEmpty()) {
            throw new IllegalStateException("the writes of the previous commit of " + describe() + " have not landed");
        }
        final Sealed batch = new Sealed(batch(), nanoClock.getAsLong());
        sealed = pending;
        pending = new LinkedHashMap<>();
        return batch;
    }

    /**
     * Sends sealed writes with the checkpoint, atomically and guarded by {@code generation}. Safe from
     * another thread than the task's: it touches only the backend and the sealed batch.
     */
    void commitSealed(Sealed batch, long generation, byte[] checkpoint) {
        backend.commit(batch.writes(), generation, checkpoint);
    }

    /** The sealed writes landed: they move to the cache. Task's thread. */
    void landed(Sealed batch) {
        final Map<ByteKey, byte[]> written = sealed;
        sealed = Map.of();
        cacheWritten(batch.sealedAtNanos(), written);
    }

    /** Writes sealed for a commit, and when they were sealed (no later than they are sent). */
    record Sealed(WriteBatch writes, long sealedAtNanos) {
    }

    /** Moves the writes the backend accepted into the cache, and empties the buffer. */
    private void cacheWritten(long sentAtNanos) {
        cacheWritten(sentAtNanos, pending);
        pending.clear();
    }

    private void cacheWritten(long sentAtNanos, Map<ByteKey, byte[]> written) {
        if (cache != null) {
            if (ttlMs > 0) {
                expireCache();
                if (!cacheHoldsWrites) {
                    oldestWriteNanos = sentAtNanos;
                    cacheHoldsWrites = true;
                }
            }
            written.forEach((k, v) -> cache.put(k, v == DELETED ? ABSENT : v));
        }
    }

    long claim() {
        return backend.claim();
    }

    Optional<byte[]> readCheckpoint() {
        return backend.readCheckpoint();
    }

    /** Drops the buffered writes and the cache: the backend is the truth again. */
    void discard() {
        pending.clear();
        sealed = Map.of();
        if (cache != null) {
            cache.clear();
            cacheHoldsWrites = false;
        }
    }

    /** Reads answered by the cache so far. */
    long cacheHits() {
        return cacheHits;
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
