package dev.riffle.state.redis;

import dev.riffle.runner.store.StoreBenchmark;
import dev.riffle.testing.RedisClusterFixture;
import dev.riffle.testing.RedisFixture;

import java.util.Map;

/**
 * Bulk against single-key calls on a real {@code redis-server} and a real 3-master Redis Cluster, started by
 * the test fixtures. A main, not a test: it prints numbers. See docs/benchmarks.md for the command.
 */
public final class RedisStoreBenchmark {

    private RedisStoreBenchmark() {
    }

    public static void main(String[] args) {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        StoreBenchmark.run("memory", Map.of("factory", "memory"), rounds, System.out);
        StoreBenchmark.run("redis", Map.of("factory", "redis", "redis.uri", RedisFixture.shared().uri()), rounds,
                System.out);
        StoreBenchmark.run("redis-cl", Map.of("factory", "redis", "redis.cluster.nodes",
                RedisClusterFixture.shared().nodes()), rounds, System.out);
        System.exit(0);
    }
}
