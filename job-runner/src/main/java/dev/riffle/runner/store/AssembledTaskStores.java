package dev.riffle.runner.store;

import dev.riffle.api.store.CheckpointConflictException;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.api.store.spi.StoreBackend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TaskStores} that {@link StoreAssembly} builds: a task's typed stores over their write
 * buffers, the generation it claimed in the checkpoint store, and the backend leases it returns on close.
 */
public final class AssembledTaskStores implements TaskStores {

    private static final Logger LOG = LoggerFactory.getLogger(AssembledTaskStores.class);

    /** One store of the task, every layer of it. */
    static final class Assembled {
        final KeyValueStore<?, ?> typed;
        final WriteBuffer buffer;
        final StoreMetrics metrics;
        final StoreBackend lease;

        Assembled(KeyValueStore<?, ?> typed, WriteBuffer buffer, StoreMetrics metrics, StoreBackend lease) {
            this.typed = typed;
            this.buffer = buffer;
            this.metrics = metrics;
            this.lease = lease;
        }
    }

    private final String taskName;
    private final Map<String, Assembled> stores;
    private final String checkpointStore;
    /** Written by a reclaim, which may run on the commit thread (see {@code CheckpointReconciler}). */
    private volatile long generation;
    /** The checkpoint the store held at the claim, or the last one the task committed; null for none. */
    private volatile byte[] lastCheckpoint;
    private boolean closed;

    AssembledTaskStores(String taskName, Map<String, Assembled> stores, String checkpointStore) {
        this.taskName = taskName;
        this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        this.checkpointStore = checkpointStore;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> KeyValueStore<K, V> store(String name) {
        final Assembled store = stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("Task " + taskName + " has no store named '" + name + "'; the configured"
                    + " stores are " + stores.keySet() + ". Declare it with stores." + name + ".factory.");
        }
        return (KeyValueStore<K, V>) store.typed;
    }

    @Override
    public Set<String> names() {
        return stores.keySet();
    }

    @Override
    public boolean holdsCheckpoints() {
        return checkpointStore != null;
    }

    /** Counters per store name, for the runtime to publish. */
    public Map<String, StoreMetrics> metrics() {
        final Map<String, StoreMetrics> result = new LinkedHashMap<>();
        stores.forEach((name, store) -> result.put(name, store.metrics));
        return result;
    }

    /** The generation this task claimed in the checkpoint store; {@code 0} before the claim. */
    public long generation() {
        return generation;
    }

    @Override
    public Optional<Map<TopicPartition, Long>> claimAndReadCheckpoint() {
        if (checkpointStore == null) {
            return Optional.empty();
        }
        final WriteBuffer buffer = stores.get(checkpointStore).buffer;
        generation = buffer.claim();
        final Optional<byte[]> stored = buffer.readCheckpoint();
        lastCheckpoint = stored.orElse(null);
        LOG.info("Task {} claimed generation {} of its checkpoint in {}; {}.", taskName, generation, buffer.describe(),
                stored.isPresent() ? "resuming from the stored checkpoint" : "there is no checkpoint yet");
        return stored.map(bytes -> Checkpoints.decode(bytes, buffer.describe()));
    }

    @Override
    public void flush() {
        for (Map.Entry<String, Assembled> store : stores.entrySet()) {
            if (!store.getKey().equals(checkpointStore)) {
                store.getValue().buffer.flush();
            }
        }
    }

    @Override
    public void commitCheckpoint(Map<TopicPartition, Long> nextOffsets) {
        final WriteBuffer buffer = checkpointBuffer("committed");
        final byte[] checkpoint = Checkpoints.encode(nextOffsets);
        commitOverLast(buffer, () -> buffer.commit(generation, lastCheckpoint, checkpoint));
        lastCheckpoint = checkpoint;
    }

    /** Runs a commit guarded by {@link #lastCheckpoint}, turning a conflict into {@link #wentBack}'s diagnostic. */
    private void commitOverLast(WriteBuffer buffer, Runnable commit) {
        try {
            commit.run();
        } catch (CheckpointConflictException e) {
            throw wentBack(buffer, e);
        }
    }

    /**
     * The commit found a checkpoint in the store other than the one the task claimed or last committed (or is
     * committing, when a retry follows a commit that landed), with its generation unchanged: the store went back
     * in time under the running task (restarted from an older snapshot or AOF, failed over to a replica that
     * lagged). The check is part of the commit's atomic operation, so nothing was written. Reads the stored
     * checkpoint once more, for the message only.
     *
     * @return a {@link FencedException} so that the container stops and the task resumes from what the store holds
     */
    private FencedException wentBack(WriteBuffer buffer, CheckpointConflictException cause) {
        String stored;
        try {
            stored = buffer.readCheckpoint().map(AssembledTaskStores::oneLine).map(c -> "checkpoint " + c)
                    .orElse("no checkpoint");
        } catch (StoreException e) {
            stored = "another checkpoint (" + e.getMessage() + ")";
        }
        return new FencedException("Task " + taskName + " does not commit: "
                + buffer.describe() + " holds " + stored + " where the task last saw "
                + (lastCheckpoint == null ? "none" : oneLine(lastCheckpoint)) + ", so the store went back in time"
                + " or lost data under the running task (a restart from an older snapshot or AOF, a failover to a"
                + " replica that lagged, a flush). Nothing of this commit was written; the container stops so that"
                + " the task resumes from what the store holds (docs/state.md, \"A store that lost data\").", cause);
    }

    private static String oneLine(byte[] checkpoint) {
        return "'" + new String(checkpoint, StandardCharsets.UTF_8).trim().replace('\n', ';') + "'";
    }

    /** The checkpoint store's buffer, once the task is claimed; {@code what} names the call in the error. */
    private WriteBuffer checkpointBuffer(String what) {
        if (checkpointStore == null) {
            throw new IllegalStateException("Task " + taskName + " has no checkpoint store (task.checkpoint.store is"
                    + " unset); commit its offsets to Kafka instead.");
        }
        if (generation == 0) {
            throw new IllegalStateException("Task " + taskName + " " + what + " a checkpoint before claiming the task;"
                    + " call claimAndReadCheckpoint() when the task starts.");
        }
        return stores.get(checkpointStore).buffer;
    }

    @Override
    public SealedCheckpoint sealCheckpoint(Map<TopicPartition, Long> nextOffsets) {
        final WriteBuffer buffer = checkpointBuffer("sealed");
        final WriteBuffer.Sealed sealed = buffer.seal();
        final byte[] checkpoint = Checkpoints.encode(nextOffsets);
        return new SealedCheckpoint() {
            @Override
            public void write() {
                commitOverLast(buffer, () -> buffer.commitSealed(sealed, generation, lastCheckpoint, checkpoint));
                lastCheckpoint = checkpoint;
            }

            @Override
            public void landed() {
                buffer.landed(sealed);
            }
        };
    }

    @Override
    public void discardBuffered() {
        stores.values().forEach(store -> store.buffer.discard());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final List<String> unflushed = new ArrayList<>();
        stores.forEach((name, store) -> {
            if (!store.buffer.isEmpty()) {
                unflushed.add(name);
            }
            BackendRegistry.release(store.lease);
        });
        if (!unflushed.isEmpty()) {
            LOG.info("Task {} closed its stores with uncommitted writes in {}; they are dropped and will be"
                    + " recomputed from the last checkpoint.", taskName, unflushed);
        }
    }
}
