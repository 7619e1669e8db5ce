package dev.riffle.runner.store.memory;

import dev.riffle.api.store.CheckpointConflictException;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;
import dev.riffle.runner.store.ByteKey;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A heap key space per {@link TaskScope}, with expiry and generation fencing. Each scope's data lives
 * in a map keyed by the task's own key bytes, so a read or write never builds the flat namespaced key
 * (the layout Redis holds) that would only be hashed and dropped. One lock per scope makes every call
 * atomic, which is all the contract asks for, and tasks of one JVM never wait for each other.
 */
final class MemoryBackend implements StoreBackend {

    /** A value and when it expires ({@code Long.MAX_VALUE}: never), in {@link System#nanoTime()} terms. */
    private static final class Entry {
        final byte[] value;
        final long expiresAtNanos;

        Entry(byte[] value, long expiresAtNanos) {
            this.value = value;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    /** One task scope's data, checkpoint and generation; guarded by its own monitor. */
    private static final class Space {
        final Map<ByteKey, Entry> entries = new HashMap<>();
        byte[] checkpoint;
        long generation;
    }

    private final String instance;
    private final Map<TaskScope, Space> spaces = new ConcurrentHashMap<>();

    MemoryBackend(String instance) {
        this.instance = instance;
    }

    @Override
    public List<byte[]> getAll(TaskScope scope, List<byte[]> keys) {
        final Space space = space(scope);
        final List<byte[]> values = new ArrayList<>(keys.size());
        synchronized (space) {
            final long now = System.nanoTime();
            for (byte[] key : keys) {
                values.add(read(space, new ByteKey(key), now));
            }
        }
        return values;
    }

    @Override
    public void write(TaskScope scope, WriteBatch batch) {
        final Space space = space(scope);
        synchronized (space) {
            apply(space, batch);
        }
    }

    @Override
    public void commit(TaskScope scope, WriteBatch batch, long generation, byte[] expected, byte[] checkpoint) {
        final Space space = space(scope);
        synchronized (space) {
            if (space.generation != generation) {
                throw new FencedException("The commit of " + scope + " with generation " + generation
                        + " was rejected: the memory store '" + instance + "' holds generation " + space.generation
                        + ", so another container owns the task now. This container must stop.");
            }
            if (!Arrays.equals(space.checkpoint, expected) && !Arrays.equals(space.checkpoint, checkpoint)) {
                throw new CheckpointConflictException("The commit of " + scope + " was rejected: the memory store '"
                        + instance + "' holds another checkpoint than the one the task last committed.");
            }
            apply(space, batch);
            space.checkpoint = checkpoint.clone();
        }
    }

    @Override
    public long claim(TaskScope scope) {
        final Space space = space(scope);
        synchronized (space) {
            space.generation++;
            return space.generation;
        }
    }

    @Override
    public Optional<byte[]> readCheckpoint(TaskScope scope) {
        final Space space = space(scope);
        synchronized (space) {
            return Optional.ofNullable(space.checkpoint == null ? null : space.checkpoint.clone());
        }
    }

    @Override
    public void close() {
        // Shared for the life of the JVM: the data outlives every task that used it.
    }

    private Space space(TaskScope scope) {
        return spaces.computeIfAbsent(scope, s -> new Space());
    }

    private static byte[] read(Space space, ByteKey key, long now) {
        final Entry entry = space.entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtNanos != Long.MAX_VALUE && entry.expiresAtNanos - now <= 0) {
            space.entries.remove(key);
            return null;
        }
        // Callers own what they get: a copy keeps the stored value safe from their changes.
        return entry.value.clone();
    }

    private static void apply(Space space, WriteBatch batch) {
        final long expiresAt = batch.ttlMs() > 0 ? System.nanoTime() + batch.ttlMs() * 1_000_000L : Long.MAX_VALUE;
        for (WriteBatch.Write write : batch.writes()) {
            // The key is copied once, when stored, so the caller may reuse its array.
            if (write.isDelete()) {
                space.entries.remove(new ByteKey(write.key()));
            } else {
                space.entries.put(new ByteKey(write.key().clone()), new Entry(write.value().clone(), expiresAt));
            }
        }
    }
}
