package dev.riffle.runner.store;

import dev.riffle.api.serde.Serde;
import dev.riffle.api.store.KeyValueStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The typed face of a store: keys and values through the store's serdes, bytes into the {@link WriteBuffer}. */
final class SerdeStore<K, V> implements KeyValueStore<K, V> {

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final WriteBuffer buffer;

    SerdeStore(String name, Serde<K> keySerde, Serde<V> valueSerde, WriteBuffer buffer) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.buffer = buffer;
    }

    @Override
    public V get(K key) {
        return valueSerde.fromBytes(buffer.get(keyBytes(key)));
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, () -> "keys of a getAll on store " + name);
        final List<K> ordered = new ArrayList<>(keys);
        final List<byte[]> raw = new ArrayList<>(ordered.size());
        for (K key : ordered) {
            raw.add(keyBytes(key));
        }
        final Map<K, V> result = new LinkedHashMap<>(ordered.size() * 4 / 3 + 1);
        if (raw.isEmpty()) {
            return result;
        }
        final List<byte[]> values = buffer.getAll(raw);
        for (int i = 0; i < ordered.size(); i++) {
            if (values.get(i) != null) {
                result.put(ordered.get(i), valueSerde.fromBytes(values.get(i)));
            }
        }
        return result;
    }

    @Override
    public void put(K key, V value) {
        final byte[] k = keyBytes(key);
        Objects.requireNonNull(value, () -> "null value for key " + key + " of store " + name + "; use delete()");
        buffer.put(k, valueSerde.toBytes(value));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        Objects.requireNonNull(entries, () -> "entries of a putAll on store " + name);
        entries.forEach(this::put);
    }

    @Override
    public void delete(K key) {
        buffer.delete(keyBytes(key));
    }

    @Override
    public void deleteAll(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, () -> "keys of a deleteAll on store " + name);
        keys.forEach(this::delete);
    }

    private byte[] keyBytes(K key) {
        Objects.requireNonNull(key, () -> "null key for store " + name + "; keys are never null");
        return keySerde.toBytes(key);
    }

    @Override
    public String toString() {
        return "store " + name + " (" + buffer.describe() + ")";
    }
}
