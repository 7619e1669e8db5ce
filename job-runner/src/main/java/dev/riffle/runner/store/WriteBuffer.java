package dev.riffle.runner.store;

import dev.riffle.api.store.spi.WriteBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One task's store at the level of bytes, with its writes buffered until the commit: reads of buffered
 * keys are answered here (read-your-writes), then by the {@link ReadCache} of what the backend holds; the
 * other keys of a read go to the backend in one call, and the buffered writes reach it in one call at
 * {@link #flush} or {@link #commit}, after which the cache holds them. {@link #discard} drops the writes
 * and the cache. Single-threaded.
 *
 * <p>The buffer and the cache share one map with a {@link KeySlot} per key (its pending write, its sealed
 * write and its cached value), so that a read or a write looks a key up once, and a commit that lands
 * moves values within their slots instead of re-inserting every written key into a cache map (measured
 * in docs/benchmarks.md, run R).
 */
final class WriteBuffer {

    // Identity marks a delete; a real empty value is a different array.
    private static final byte[] DELETED = new byte[0];

    private final ScopedBackend backend;
    private final long ttlMs;
    private final Map<ByteKey, KeySlot> slots = new HashMap<>();
    private final ReadCache cache;
    /** Slots with a pending write, in the order of their first write. */
    private List<KeySlot> pending = new ArrayList<>();
    /** Slots with a write sealed for a commit another thread sends ({@link #seal}); read like pending ones until landed. */
    private List<KeySlot> sealed = List.of();
    private final LongSupplier nanoClock;

    /**
     * @param cacheEntries how many keys the cache holds at most; 0 turns it off
     * @param metrics where reads answered by the cache are counted
     */
    WriteBuffer(ScopedBackend backend, long ttlMs, int cacheEntries, StoreMetrics metrics) {
        this(backend, ttlMs, cacheEntries, metrics, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime} but in tests */
    WriteBuffer(ScopedBackend backend, long ttlMs, int cacheEntries, StoreMetrics metrics, LongSupplier nanoClock) {
        this.backend = backend;
        this.nanoClock = nanoClock;
        this.ttlMs = ttlMs;
        this.cache = new ReadCache(slots, ttlMs, cacheEntries, metrics, nanoClock);
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
        Map<ByteKey, Integer> missIndex = null;
        List<ByteKey> misses = null;
        int hits = 0;
        cache.beforeRead();
        for (int i = 0; i < size; i++) {
            final ByteKey k = new ByteKey(keys.get(i));
            final KeySlot slot = slots.isEmpty() ? null : slots.get(k);
            final byte[] known = slot == null ? null : slot.pending != null ? slot.pending : slot.sealed;
            if (known != null) {
                result.add(known == DELETED ? null : known);
                missOf[i] = -1;
            } else if (slot != null && ReadCache.knows(slot)) {
                result.add(ReadCache.valueOf(slot));
                missOf[i] = -1;
                hits++;
            } else {
                if (missIndex == null) {
                    // Sized for the worst case, every key from here on a miss: no rehash inside the loop.
                    missIndex = new HashMap<>((size - i) * 4 / 3 + 1);
                    misses = new ArrayList<>(size - i);
                }
                final Integer earlier = missIndex.putIfAbsent(k, misses.size());
                missOf[i] = earlier == null ? misses.size() : earlier;
                if (earlier == null) {
                    misses.add(k);
                }
                result.add(null);
            }
        }
        cache.hits(hits);
        if (misses == null) {
            return result;
        }
        final List<byte[]> missBytes = new ArrayList<>(misses.size());
        for (ByteKey k : misses) {
            missBytes.add(k.bytes());
        }
        final List<byte[]> fetched = backend.getAll(missBytes);
        cache.fetched(misses, fetched);
        for (int i = 0; i < size; i++) {
            if (missOf[i] >= 0) {
                result.set(i, fetched.get(missOf[i]));
            }
        }
        return result;
    }

    void put(byte[] key, byte[] value) {
        final KeySlot slot = slots.computeIfAbsent(new ByteKey(key), KeySlot::new);
        if (slot.pending == null) {
            pending.add(slot);
        }
        slot.pending = value;
    }

    void delete(byte[] key) {
        put(key, DELETED);
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

    /**
     * Sends the buffered writes with the checkpoint in one atomic commit guarded by {@code generation} and
     * the {@code expected} checkpoint (see {@link dev.riffle.api.store.spi.StoreBackend#commit}).
     */
    void commit(long generation, byte[] expected, byte[] checkpoint) {
        final long sentAt = nanoClock.getAsLong();
        backend.commit(batch(), generation, expected, checkpoint);
        cacheWritten(sentAt);
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
        for (KeySlot slot : pending) {
            slot.sealed = slot.pending;
            slot.pending = null;
        }
        sealed = pending;
        pending = new ArrayList<>(sealed.size());
        return batch;
    }

    /**
     * Sends sealed writes with the checkpoint, atomically and guarded by {@code generation}. Safe from
     * another thread than the task's: it touches only the backend and the sealed batch.
     */
    void commitSealed(Sealed batch, long generation, byte[] expected, byte[] checkpoint) {
        backend.commit(batch.writes(), generation, expected, checkpoint);
    }

    /** The sealed writes landed: they move to the cache. Task's thread. */
    void landed(Sealed batch) {
        final List<KeySlot> written = sealed;
        sealed = List.of();
        cache.writesAccepted(batch.sealedAtNanos());
        for (KeySlot slot : written) {
            final byte[] value = slot.sealed;
            slot.sealed = null;
            settle(slot, value);
        }
        cache.evict();
    }

    /** Writes sealed for a commit, and when they were sealed (no later than they are sent). */
    record Sealed(WriteBatch writes, long sealedAtNanos) {
    }

    /** Moves the writes the backend accepted into the cache, and empties the buffer. */
    private void cacheWritten(long sentAtNanos) {
        cache.writesAccepted(sentAtNanos);
        for (KeySlot slot : pending) {
            final byte[] value = slot.pending;
            slot.pending = null;
            settle(slot, value);
        }
        pending.clear();
        cache.evict();
    }

    /** A write of {@code slot} the backend accepted: to the cache. */
    private void settle(KeySlot slot, byte[] written) {
        cache.written(slot, written == DELETED ? null : written);
    }

    long claim() {
        return backend.claim();
    }

    Optional<byte[]> readCheckpoint() {
        return backend.readCheckpoint();
    }

    /** Drops the buffered writes and the cache: the backend is the truth again. */
    void discard() {
        slots.clear();
        pending.clear();
        sealed = List.of();
        cache.clear();
    }

    String describe() {
        return backend.describe();
    }

    private WriteBatch batch() {
        final WriteBatch.Builder builder = WriteBatch.builder(ttlMs);
        // The key arrays were encoded for this buffer alone, so the batch can carry them without a copy.
        for (KeySlot slot : pending) {
            if (slot.pending == DELETED) {
                builder.delete(slot.key.bytes());
            } else {
                builder.put(slot.key.bytes(), slot.pending);
            }
        }
        return builder.build();
    }
}
