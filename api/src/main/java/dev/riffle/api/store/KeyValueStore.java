package dev.riffle.api.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task's key-value state, kept in a remote store (Redis, Cassandra) or in memory.
 *
 * <p><b>Scope.</b> The keys a task sees are its own: the runtime prefixes them with the job, the
 * store and the task, so two tasks, stores or jobs never collide (the physical key layout is
 * documented for services that read state directly).
 *
 * <p><b>Writes are buffered per batch.</b> {@code put} and {@code delete} take effect at once for
 * this task's own reads (read-your-writes), but reach the backend at the next commit, together with
 * the input offsets when the store is the job's {@code task.checkpoint.store}. A batch therefore
 * costs one round trip of reads (use {@link #getAll}) and one of writes.
 *
 * <p><b>Nulls.</b> Keys are never {@code null}; values are never {@code null} (use {@link #delete}).
 * A missing key reads as {@code null} from {@link #get} and is absent from {@link #getAll}'s result.
 *
 * <p><b>Expiry.</b> With {@code stores.<name>.ttl.ms} set, an entry expires that long after its last
 * write. Expiry is approximate (the backend's), so logic that needs exact windows keeps timestamps
 * in the values and uses TTL only to bound storage.
 *
 * <p><b>Errors.</b> Backend failures surface as {@link StoreException}. Retriable ones (the store
 * is unreachable) are retried by the runtime with backoff before they reach the task; a task should
 * let them propagate rather than swallow them, so no record is skipped.
 *
 * <p>Not thread-safe: use a store only on its task's thread.
 *
 * @param <K> key type, serialised with {@code stores.<name>.key.serde}
 * @param <V> value type, serialised with {@code stores.<name>.value.serde}
 */
public interface KeyValueStore<K, V> {

    /**
     * Reads one value.
     *
     * @return the value, or {@code null} if the key is missing or expired
     * @throws NullPointerException if {@code key} is null
     * @throws StoreException if the backend fails
     */
    V get(K key);

    /**
     * Reads several values. The default loops over {@link #get}; backends override it to read all
     * keys in one round trip, which is what a {@link dev.riffle.api.BatchTask} should use.
     *
     * @return the keys that exist, with their values, in the iteration order of {@code keys}
     * @throws NullPointerException if {@code keys} or any key is null
     * @throws StoreException if the backend fails; no partial result is returned
     */
    default Map<K, V> getAll(Collection<? extends K> keys) {
        final Map<K, V> result = new LinkedHashMap<>();
        for (K key : keys) {
            final V value = get(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }

    /**
     * Writes one value, replacing any previous one.
     *
     * @throws NullPointerException if the key or the value is null
     * @throws StoreException if the backend fails
     */
    void put(K key, V value);

    /**
     * Writes several values. The default loops over {@link #put}.
     *
     * @throws NullPointerException if {@code entries} holds a null key or value
     * @throws StoreException if the backend fails
     */
    default void putAll(Map<? extends K, ? extends V> entries) {
        entries.forEach(this::put);
    }

    /**
     * Removes one key; removing a missing key does nothing.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws StoreException if the backend fails
     */
    void delete(K key);

    /**
     * Removes several keys. The default loops over {@link #delete}.
     *
     * @throws NullPointerException if {@code keys} or any key is null
     * @throws StoreException if the backend fails
     */
    default void deleteAll(Collection<? extends K> keys) {
        keys.forEach(this::delete);
    }
}
