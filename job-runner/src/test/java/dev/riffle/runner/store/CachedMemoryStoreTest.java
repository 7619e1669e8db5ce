package dev.riffle.runner.store;

import java.util.Map;

/**
 * The store contract with the read cache on (over the in-memory backend): every guarantee of the
 * contract, fencing and expiry included, holds with the cache answering reads.
 */
class CachedMemoryStoreTest extends StoreContractTest {

    @Override
    protected Map<String, String> backendSettings(String store) {
        return Map.of("factory", "memory", "cache.entries", "1000");
    }
}
