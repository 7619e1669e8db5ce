package dev.riffle.state.cassandra;

import dev.riffle.runner.store.StoreContractTest;
import dev.riffle.testing.CassandraFixture;
import dev.riffle.testing.FixturesExtension;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store contract against a real Cassandra node: the keyspace and table are created by the backend,
 * checkpoints commit as single-partition conditional batches.
 */
@ExtendWith(FixturesExtension.class)
class CassandraStoreIT extends StoreContractTest {

    @Override
    protected Map<String, String> backendSettings(String store) {
        final CassandraFixture cassandra = CassandraFixture.shared();
        return Map.of("factory", "cassandra",
                "cassandra.contact-points", cassandra.contactPoint(),
                "cassandra.local-datacenter", cassandra.localDatacenter(),
                "cassandra.keyspace", "riffle_it");
    }
}
