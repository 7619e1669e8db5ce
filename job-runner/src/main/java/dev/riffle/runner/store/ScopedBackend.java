package dev.riffle.runner.store;

import dev.riffle.api.store.spi.WriteBatch;

import java.util.List;
import java.util.Optional;

/**
 * A backend bound to one task's scope: the bytes-level calls the write buffer makes. Namespacing binds
 * the scope ({@link NamespacedBackend}); retries and metrics are decorators of this interface.
 */
interface ScopedBackend {

    /** Values of {@code keys} in order, {@code null} where missing; one round trip. */
    List<byte[]> getAll(List<byte[]> keys);

    void write(WriteBatch batch);

    void commit(WriteBatch batch, long generation, byte[] expected, byte[] checkpoint);

    long claim();

    Optional<byte[]> readCheckpoint();

    /** For logs and errors, e.g. "store counts of task Partition-0 of job visitors (id 1)". */
    String describe();
}
