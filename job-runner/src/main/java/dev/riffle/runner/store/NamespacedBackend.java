package dev.riffle.runner.store;

import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;

import java.util.List;
import java.util.Optional;

/** Binds a shared backend to one task's {@link TaskScope}, the namespace of every key it touches. */
final class NamespacedBackend implements ScopedBackend {

    private final StoreBackend backend;
    private final TaskScope scope;

    NamespacedBackend(StoreBackend backend, TaskScope scope) {
        this.backend = backend;
        this.scope = scope;
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return backend.getAll(scope, keys);
    }

    @Override
    public void write(WriteBatch batch) {
        backend.write(scope, batch);
    }

    @Override
    public void commit(WriteBatch batch, long generation, byte[] expected, byte[] checkpoint) {
        backend.commit(scope, batch, generation, expected, checkpoint);
    }

    @Override
    public long claim() {
        return backend.claim(scope);
    }

    @Override
    public Optional<byte[]> readCheckpoint() {
        return backend.readCheckpoint(scope);
    }

    @Override
    public String describe() {
        return scope.toString();
    }
}
