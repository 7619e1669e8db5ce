package dev.riffle.runner.store;

import dev.riffle.api.store.spi.WriteBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 *
 * <p>One map holds a {@link Slot} per key with its pending write, its sealed write and its cached value,
 * so that a read or a write looks a key up once, and a commit that lands moves values within their
 * slots instead of re-inserting every written key into a cache map (measured in docs/benchmarks.md,
 * run R).
 */
final class WriteBuffer {

    // Identity marks a delete; a real empty value is a different array.
    private static final byte[] DELETED = new byte[0];
    // Identity marks, in the cache, a key the backend does not hold.
    private static final byte[] ABSENT = new byte[0];

    /** What the buffer knows of one key. A slot with none of the three leaves the map. */
    private static final class Slot {
        final ByteKey key;
        /** The write since the last seal or flush, {@link #DELETED}, or null. */
        byte[] pending;
        /** The write sealed for a commit in flight, {@link #DELETED}, or null. */
        byte[] sealed;
        /** What the backend holds, {@link #ABSENT}, or null when unknown. */
        byte[] cached;
        /** Whether the slot is in {@link #cacheOrder}. */
        boolean queued;

        Slot(ByteKey key) {
            this.key = key;
        }

        boolean isEmpty() {
            return pending == null && sealed == null && cached == null;
        }
    }

    private final ScopedBackend backend;
    private final long ttlMs;
    private final int cacheEntries;
    private final Map<ByteKey, Slot> slots = new HashMap<>();
    /** Slots with a pending write, in the order of their first write. */
    private List<Slot> pending = new ArrayList<>();
    /** Slots with a write sealed for a commit another thread sends ({@link #seal}); read like pending ones until landed. */
    private List<Slot> sealed = List.of();
    /** Slots with a cached value, oldest first: the order in which they leave when the cache is full. */
    private final ArrayDeque<Slot> cacheOrder = new ArrayDeque<>();
    private int cached;
    private final LongSupplier nanoClock;
    /** With a TTL: when the oldest write the cache holds was sent; valid while {@link #cacheHoldsWrites}. */
    private long oldestWriteNanos;
    private boolean cacheHoldsWrites;
    private final StoreMetrics metrics;

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
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.ttlMs = ttlMs;
        this.cacheEntries = Math.max(cacheEntries, 0);
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
        if (cacheEntries > 0 && ttlMs > 0) {
            expireCache();
        }
        for (int i = 0; i < size; i++) {
            final ByteKey k = new ByteKey(keys.get(i));
            final Slot slot = slots.isEmpty() ? null : slots.get(k);
            final byte[] known = slot == null ? null : slot.pending != null ? slot.pending : slot.sealed;
            if (known != null) {
                result.add(known == DELETED ? null : known);
                missOf[i] = -1;
            } else if (slot != null && slot.cached != null) {
                result.add(slot.cached == ABSENT ? null : slot.cached);
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
        if (hits > 0) {
            metrics.recordCacheHits(hits);
        }
        if (misses == null) {
            return result;
        }
        final List<byte[]> missBytes = new ArrayList<>(misses.size());
        for (ByteKey k : misses) {
            missBytes.add(k.bytes());
        }
        final List<byte[]> fetched = backend.getAll(missBytes);
        if (cacheEntries > 0) {
            for (int m = 0; m < misses.size(); m++) {
                final byte[] value = fetched.get(m);
                if (value == null) {
                    cache(slots.computeIfAbsent(misses.get(m), Slot::new), ABSENT);
                } else if (ttlMs == 0) {
                    cache(slots.computeIfAbsent(misses.get(m), Slot::new), value);
                }
            }
            evict();
        }
        for (int i = 0; i < size; i++) {
            if (missOf[i] >= 0) {
                result.set(i, fetched.get(missOf[i]));
            }
        }
        return result;
    }

    void put(byte[] key, byte[] value) {
        final Slot slot = slots.computeIfAbsent(new ByteKey(key), Slot::new);
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

    /** With a TTL, drops the cache once the oldest write it holds may have expired in the backend. */
    private void expireCache() {
        // Capped at about 34 years, so that the nanoseconds cannot overflow.
        if (cacheHoldsWrites && nanoClock.getAsLong() - oldestWriteNanos >= Math.min(ttlMs, 1L << 40) * 1_000_000L) {
            dropCache();
        }
    }

    private void dropCache() {
        final Iterator<Slot> all = slots.values().iterator();
        while (all.hasNext()) {
            final Slot slot = all.next();
            slot.cached = null;
            slot.queued = false;
            if (slot.isEmpty()) {
                all.remove();
            }
        }
        cacheOrder.clear();
        cached = 0;
        cacheHoldsWrites = false;
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
        for (Slot slot : pending) {
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
        final List<Slot> written = sealed;
        sealed = List.of();
        startCachingWrites(batch.sealedAtNanos());
        for (Slot slot : written) {
            final byte[] value = slot.sealed;
            slot.sealed = null;
            settle(slot, value);
        }
        evict();
    }

    /** Writes sealed for a commit, and when they were sealed (no later than they are sent). */
    record Sealed(WriteBatch writes, long sealedAtNanos) {
    }

    /** Moves the writes the backend accepted into the cache, and empties the buffer. */
    private void cacheWritten(long sentAtNanos) {
        startCachingWrites(sentAtNanos);
        for (Slot slot : pending) {
            final byte[] value = slot.pending;
            slot.pending = null;
            settle(slot, value);
        }
        pending.clear();
        evict();
    }

    private void startCachingWrites(long sentAtNanos) {
        if (cacheEntries > 0 && ttlMs > 0) {
            expireCache();
            if (!cacheHoldsWrites) {
                oldestWriteNanos = sentAtNanos;
                cacheHoldsWrites = true;
            }
        }
    }

    /** A write of {@code slot} the backend accepted: cached, or the slot leaves when it holds nothing else. */
    private void settle(Slot slot, byte[] written) {
        if (cacheEntries > 0) {
            cache(slot, written == DELETED ? ABSENT : written);
        } else if (slot.isEmpty()) {
            slots.remove(slot.key);
        }
    }

    private void cache(Slot slot, byte[] value) {
        if (slot.cached == null) {
            cached++;
        }
        slot.cached = value;
        if (!slot.queued) {
            slot.queued = true;
            cacheOrder.addLast(slot);
        }
    }

    /** Forgets the oldest cached values while the cache holds more than its limit. */
    private void evict() {
        while (cached > cacheEntries) {
            final Slot oldest = cacheOrder.pollFirst();
            oldest.queued = false;
            if (oldest.cached != null) {
                oldest.cached = null;
                cached--;
                if (oldest.isEmpty()) {
                    slots.remove(oldest.key);
                }
            }
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
        slots.clear();
        pending.clear();
        sealed = List.of();
        cacheOrder.clear();
        cached = 0;
        cacheHoldsWrites = false;
    }

    String describe() {
        return backend.describe();
    }

    private WriteBatch batch() {
        final WriteBatch.Builder builder = WriteBatch.builder(ttlMs);
        // The key arrays were encoded for this buffer alone, so the batch can carry them without a copy.
        for (Slot slot : pending) {
            if (slot.pending == DELETED) {
                builder.delete(slot.key.bytes());
            } else {
                builder.put(slot.key.bytes(), slot.pending);
            }
        }
        return builder.build();
    }
}
