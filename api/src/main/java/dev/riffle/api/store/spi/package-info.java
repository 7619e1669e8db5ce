/**
 * The service-provider interface for store backends: bytes in, bytes out, one round trip per call.
 *
 * <p>A backend author implements {@link dev.riffle.api.store.spi.StoreBackendFactory} and
 * {@link dev.riffle.api.store.spi.StoreBackend} and lists the factory in
 * {@code META-INF/services/dev.riffle.api.store.spi.StoreBackendFactory}. Serdes, the per-batch write
 * buffer, metrics and retries are added around the backend by the runtime; a backend only moves bytes
 * and keeps the promises written on each method (atomicity of {@code commit}, generation fencing).
 */
package dev.riffle.api.store.spi;
