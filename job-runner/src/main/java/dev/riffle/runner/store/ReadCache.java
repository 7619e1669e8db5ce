package dev.riffle.runner.store;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A bounded cache of what the backend holds for one task: values read from it, keys found missing, and
 * writes once the backend accepted them; {@link WriteBuffer} asks it before the backend. That is exact
 * because nobody else writes a task's keys: a checkpoint store fences every other container out by
 * generation, and a plain store is written only by the task's one running instance. With a TTL, a value
 * read from the backend is not cached (its remaining life is unknown), and the whole cache is dropped
 * {@code ttl} after the first write it holds was sent, which is before the backend expires any value
 * written since. The oldest entries leave first once {@code capacity} is reached (insertion order: cheaper
 * than LRU on the hot path, and a hot key that leaves is read back once).
 *
 * <p>The cached values live in the {@link KeySlot}s of the buffer's map, which this cache shares: it
 * decides what is cached and for how long, the buffer owns the map. Single-threaded.
 */
final class ReadCache {

    // Identity marks, in a slot, a key the backend does not hold.
    private static final byte[] ABSENT = new byte[0];

    private final Map<ByteKey, KeySlot> slots;
    private final long ttlMs;
    private final int capacity;
    private final StoreMetrics metrics;
    private final LongSupplier nanoClock;
    /** Slots with a cached value, oldest first: the order in which they leave when the cache is full. */
    private final ArrayDeque<KeySlot> order = new ArrayDeque<>();
    private int cached;
    /** With a TTL: when the oldest write the cache holds was sent; valid while {@link #holdsWrites}. */
    private long oldestWriteNanos;
    private boolean holdsWrites;

    /**
     * @param slots the buffer's map of slots, shared
     * @param capacity how many keys the cache holds at most; 0 turns it off
     * @param metrics where reads answered by the cache are counted
     */
    ReadCache(final Map<ByteKey, KeySlot> slots, final long ttlMs, final int capacity, final StoreMetrics metrics,
              final LongSupplier nanoClock) {
        this.slots = slots;
        this.ttlMs = ttlMs;
        this.capacity = Math.max(capacity, 0);
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Whether the cache holds anything at all (a capacity above 0). */
    boolean enabled() {
        return capacity > 0;
    }

    /** Whether {@code slot} holds what the backend has for its key. */
    static boolean knows(final KeySlot slot) {
        return slot.cached != null;
    }

    /** The backend's value of a slot the cache {@link #knows}: {@code null} for a missing key. */
    static byte[] valueOf(final KeySlot slot) {
        return slot.cached == ABSENT ? null : slot.cached;
    }

    /** Before a read: with a TTL, drops the cache once the oldest write it holds may have expired. */
    void beforeRead() {
        if (capacity > 0 && ttlMs > 0) {
            expire();
        }
    }

    /** Counts reads the cache answered. */
    void hits(final int hits) {
        if (hits > 0) {
            metrics.recordCacheHits(hits);
        }
    }

    /** Values read from the backend for {@code keys}: a missing key is cached, a value only without a TTL. */
    void fetched(final List<ByteKey> keys, final List<byte[]> values) {
        if (capacity == 0) {
            return;
        }
        for (int m = 0; m < keys.size(); m++) {
            final byte[] value = values.get(m);
            if (value == null) {
                cache(slots.computeIfAbsent(keys.get(m), KeySlot::new), ABSENT);
            } else if (ttlMs == 0) {
                cache(slots.computeIfAbsent(keys.get(m), KeySlot::new), value);
            }
        }
        evict();
    }

    /** Writes the backend accepted, sent at {@code sentAtNanos}, are about to be {@link #written}. */
    void writesAccepted(final long sentAtNanos) {
        if (capacity > 0 && ttlMs > 0) {
            expire();
            if (!holdsWrites) {
                oldestWriteNanos = sentAtNanos;
                holdsWrites = true;
            }
        }
    }

    /**
     * A write of {@code slot} the backend accepted: cached, or the slot leaves the map when it holds nothing
     * else. Call {@link #evict} after the last of a batch.
     *
     * @param value the value written, {@code null} for a delete
     */
    void written(final KeySlot slot, final byte[] value) {
        if (capacity > 0) {
            cache(slot, value == null ? ABSENT : value);
        } else if (slot.isEmpty()) {
            slots.remove(slot.key);
        }
    }

    /** Forgets the oldest cached values while the cache holds more than its capacity. */
    void evict() {
        while (cached > capacity) {
            final KeySlot oldest = order.pollFirst();
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

    /** Forgets everything; the caller clears the slots. */
    void clear() {
        order.clear();
        cached = 0;
        holdsWrites = false;
    }

    private void expire() {
        // Capped at about 34 years, so that the nanoseconds cannot overflow.
        if (holdsWrites && nanoClock.getAsLong() - oldestWriteNanos >= Math.min(ttlMs, 1L << 40) * 1_000_000L) {
            drop();
        }
    }

    private void drop() {
        final Iterator<KeySlot> all = slots.values().iterator();
        while (all.hasNext()) {
            final KeySlot slot = all.next();
            slot.cached = null;
            slot.queued = false;
            if (slot.isEmpty()) {
                all.remove();
            }
        }
        clear();
    }

    private void cache(final KeySlot slot, final byte[] value) {
        if (slot.cached == null) {
            cached++;
        }
        slot.cached = value;
        if (!slot.queued) {
            slot.queued = true;
            order.addLast(slot);
        }
    }
}
