package dev.riffle.runner.container.task;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.TopicPartition;

import dev.riffle.api.store.KeyValueStore;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.store.TaskStores;

/**
 * A {@link TaskStores} fake for unit tests: one map-backed store named {@code state} whose writes are
 * buffered until {@link #flush} (or {@link #commitCheckpoint} when it holds checkpoints), every call
 * appended to a shared event list, and failures that tests can queue.
 */
public final class RecordingStores implements TaskStores {

    private final List<String> events;
    private final boolean holdsCheckpoints;
    /** Concurrent: a background commit writes it from the commit thread. */
    public final Map<String, String> durable = new ConcurrentHashMap<>();
    /** Writes sealed for a background commit, until it lands. */
    public Map<String, String> sealed = Map.of();
    public final Map<String, String> buffered = new HashMap<>();
    public volatile Map<TopicPartition, Long> checkpoint;
    public final Deque<RuntimeException> flushFailures = new ArrayDeque<>();
    public final Deque<RuntimeException> readFailures = new ArrayDeque<>();
    /** Failures of the next checkpoint commits, thrown before anything is written. */
    public final Deque<RuntimeException> commitFailures = new ConcurrentLinkedDeque<>();
    /** Failures of the next checkpoint commits, thrown after the commit was applied (a lost reply). */
    public final Deque<RuntimeException> commitFailuresAfterLanding = new ConcurrentLinkedDeque<>();
    public int discards;
    /** When set, a sealed write waits for it to be counted down (a slow store). */
    public volatile CountDownLatch writeGate;

    public RecordingStores(final List<String> events, final boolean holdsCheckpoints) {
        this.events = events;
        this.holdsCheckpoints = holdsCheckpoints;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> KeyValueStore<K, V> store(final String name) {
        if (!name.equals("state")) {
            throw new IllegalArgumentException("no store " + name);
        }
        return (KeyValueStore<K, V>) new KeyValueStore<String, String>() {
            @Override
            public String get(final String key) {
                if (!readFailures.isEmpty()) {
                    throw readFailures.pop();
                }
                if (buffered.containsKey(key)) {
                    return buffered.get(key);
                }
                return sealed.containsKey(key) ? sealed.get(key) : durable.get(key);
            }

            @Override
            public void put(final String key, final String value) {
                buffered.put(key, value);
            }

            @Override
            public void delete(final String key) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public Set<String> names() {
        return Set.of("state");
    }

    @Override
    public boolean holdsCheckpoints() {
        return holdsCheckpoints;
    }

    @Override
    public Optional<Map<TopicPartition, Long>> claimAndReadCheckpoint() {
        events.add("stores.claim");
        return Optional.ofNullable(checkpoint);
    }

    @Override
    public void flush() {
        events.add("stores.flush");
        if (!flushFailures.isEmpty()) {
            throw flushFailures.pop();
        }
        if (!holdsCheckpoints) {
            durable.putAll(buffered);
            buffered.clear();
        }
    }

    @Override
    public void commitCheckpoint(final Map<TopicPartition, Long> nextOffsets) {
        events.add("stores.commitCheckpoint " + new TreeMap<>(toStrings(nextOffsets)));
        // Like the real write buffer, which clears only once the backend answered.
        applyCheckpoint(buffered, nextOffsets);
        buffered.clear();
    }

    /** The atomic checkpoint write: the queued failures first, else the writes and the offsets. */
    private void applyCheckpoint(final Map<String, String> writes, final Map<TopicPartition, Long> nextOffsets) {
        if (!commitFailures.isEmpty()) {
            throw commitFailures.pop();
        }
        durable.putAll(writes);
        checkpoint = Map.copyOf(nextOffsets);
        if (!commitFailuresAfterLanding.isEmpty()) {
            throw commitFailuresAfterLanding.pop();
        }
    }

    @Override
    public SealedCheckpoint sealCheckpoint(final Map<TopicPartition, Long> nextOffsets) {
        events.add("stores.seal " + new TreeMap<>(toStrings(nextOffsets)));
        final Map<String, String> writes = new HashMap<>(buffered);
        sealed = writes;
        buffered.clear();
        return new SealedCheckpoint() {
            @Override
            public void write() {
                events.add("stores.writeSealed " + new TreeMap<>(toStrings(nextOffsets)));
                final CountDownLatch gate = writeGate;
                if (gate != null) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                applyCheckpoint(writes, nextOffsets);
            }

            @Override
            public void landed() {
                events.add("stores.landed");
                sealed = Map.of();
            }
        };
    }

    @Override
    public void discardBuffered() {
        events.add("stores.discard");
        discards++;
        buffered.clear();
        sealed = Map.of();
    }

    @Override
    public void close() {
        events.add("stores.close");
    }

    public static Map<String, Long> toStrings(final Map<TopicPartition, Long> offsets) {
        final Map<String, Long> m = new HashMap<>();
        offsets.forEach((tp, o) -> m.put(tp.toString(), o));
        return m;
    }

    public static StoreException timedOut() {
        return new StoreException("store 'state' at 127.0.0.1:6379 did not answer the checkpoint commit within 2000 ms;"
                + " its outcome is unknown", true);
    }

    public static StoreException unreachable() {
        return new StoreException("store 'state' at 127.0.0.1:6379 is unreachable", true);
    }
}
