package dev.riffle.testing;

import java.nio.file.Path;

/** The smallest {@code cassandra.yaml} that runs one Cassandra 5.0 node on loopback for tests. */
final class CassandraYaml {

    private CassandraYaml() {
    }

    static String minimal(final Path dir, final int nativePort, final int storagePort) {
        final Path data = dir.resolve("data");
        return """
                cluster_name: riffle-fixture
                num_tokens: 16
                allocate_tokens_for_local_replication_factor: 1
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "127.0.0.1:%2$d"
                listen_address: 127.0.0.1
                rpc_address: 127.0.0.1
                storage_port: %2$d
                native_transport_port: %1$d
                start_native_transport: true
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                data_file_directories:
                  - %3$s/data
                commitlog_directory: %3$s/commitlog
                saved_caches_directory: %3$s/saved_caches
                hints_directory: %3$s/hints
                cdc_raw_directory: %3$s/cdc_raw
                concurrent_compactors: 1
                memtable_heap_space: 64MiB
                memtable_offheap_space: 64MiB
                key_cache_size: 8MiB
                counter_cache_size: 4MiB
                file_cache_size: 32MiB
                networking_cache_size: 8MiB
                # Tests drop and recreate tables often; snapshots would only cost time and disk.
                auto_snapshot: false
                """.formatted(nativePort, storagePort, data);
    }
}
