package dev.riffle.state.cassandra;

import dev.riffle.runner.store.StoreBenchmark;
import dev.riffle.testing.CassandraFixture;

import java.util.Map;

/**
 * Bulk against single-key calls on a real Cassandra node started by the test fixture. A main, not a test:
 * it prints numbers. See docs/benchmarks.md for the command.
 */
public final class CassandraStoreBenchmark {

    private CassandraStoreBenchmark() {
    }

    public static void main(String[] args) {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final CassandraFixture cassandra = CassandraFixture.shared();
        StoreBenchmark.run("cassandra", Map.of("factory", "cassandra",
                "cassandra.contact-points", cassandra.contactPoint(),
                "cassandra.local-datacenter", cassandra.localDatacenter(),
                "cassandra.keyspace", "riffle_bench"), rounds, System.out);
        System.exit(0);
    }
}
