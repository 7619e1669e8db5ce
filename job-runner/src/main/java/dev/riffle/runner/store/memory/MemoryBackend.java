package dev.riffle.runner.store.memory;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A heap key space with the flat layout of {@link TaskScope} (the same keys Redis would hold), expiry and
 * generation fencing. One lock makes every call atomic, which is all the contract asks for.
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

    private final String instance;
    private final Map<ByteBuffer, Entry> entries = new HashMap<>();

    MemoryBackend(String instance) {
        this.instance = instance;
    }

    @Override
    public synchronized List<byte[]> getAll(TaskScope scope, List<byte[]> keys) {
        final long now = System.nanoTime();
        final List<byte[]> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(read(ByteBuffer.wrap(scope.dataKey(key)), now));
        }
        return values;
    }

    @Override
    public synchronized void write(TaskScope scope, WriteBatch batch) {
        apply(scope, batch);
    }

    @Override
    public synchronized void commit(TaskScope scope, WriteBatch batch, long generation, byte[] checkpoint) {
        final long stored = storedGeneration(scope);
        if (stored != generation) {
            throw new FencedException("The commit of " + scope + " with generation " + generation
                    + " was rejected: the memory store '" + instance + "' holds generation " + stored
                    + ", so another container owns the task now. This container must stop.");
        }
        apply(scope, batch);
        entries.put(ByteBuffer.wrap(scope.checkpointKey()), new Entry(checkpoint.clone(), Long.MAX_VALUE));
    }

    @Override
    public synchronized long claim(TaskScope scope) {
        final long next = storedGeneration(scope) + 1;
        entries.put(ByteBuffer.wrap(scope.generationKey()),
                new Entry(Long.toString(next).getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE));
        return next;
    }

    @Override
    public synchronized Optional<byte[]> readCheckpoint(TaskScope scope) {
        return Optional.ofNullable(read(ByteBuffer.wrap(scope.checkpointKey()), System.nanoTime()));
    }

    @Override
    public void close() {
        // Shared for the life of the JVM: the data outlives every task that used it.
    }

    private long storedGeneration(TaskScope scope) {
        final byte[] raw = read(ByteBuffer.wrap(scope.generationKey()), System.nanoTime());
        return raw == null ? 0 : Long.parseLong(new String(raw, StandardCharsets.UTF_8));
    }

    private byte[] read(ByteBuffer key, long now) {
        final Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtNanos != Long.MAX_VALUE && entry.expiresAtNanos - now <= 0) {
            entries.remove(key);
            return null;
        }
        return entry.value.clone();
    }

    private void apply(TaskScope scope, WriteBatch batch) {
        final long expiresAt = batch.ttlMs() > 0 ? System.nanoTime() + batch.ttlMs() * 1_000_000L : Long.MAX_VALUE;
        for (WriteBatch.Write write : batch.writes()) {
            final ByteBuffer key = ByteBuffer.wrap(scope.dataKey(write.key()));
            if (write.isDelete()) {
                entries.remove(key);
            } else {
                entries.put(key, new Entry(write.value().clone(), expiresAt));
            }
        }
    }
}
