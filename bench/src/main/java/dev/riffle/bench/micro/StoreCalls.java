package dev.riffle.bench.micro;

import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.store.AssembledTaskStores;
import dev.riffle.runner.store.StoreAssembly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.common.TopicPartition;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk against single-key store calls through the assembled stores (serde, buffer, metrics and retries
 * included), per backend in one run: a 1,000-key {@code getAll}, a 1,000-key {@code putAll} + flush, a
 * 1,000-key commit with the checkpoint, and the same 1,000 keys as one {@code get} or one {@code put} +
 * flush each.
 */
@Command(name = "store-calls", mixinStandardHelpOptions = true,
        description = "Bulk against single-key store calls, per backend (memory, redis, redis-cluster, cassandra).")
public final class StoreCalls implements Callable<Integer> {

    private static final int BATCH = 1_000;
    private static final TopicPartition INPUT = new TopicPartition("visits", 0);

    @Option(names = "--backends", split = ",", description = "Backends to measure, in order (default: ${DEFAULT-VALUE}):"
            + " memory, redis, redis-cluster (needs --redis-cluster-nodes), cassandra.")
    List<String> backends = new ArrayList<>(List.of("memory", "redis"));

    @Option(names = "--rounds", description = "Measured rounds of each kind, after as many warm-up rounds, at least 3"
            + " (default: ${DEFAULT-VALUE}).")
    int rounds = 10;

    @Option(names = "--redis-uri", description = "Standalone Redis (default: ${DEFAULT-VALUE}).")
    String redisUri = "redis://127.0.0.1:6379";

    @Option(names = "--redis-cluster-nodes", description = "host:port,... of a Redis Cluster, for redis-cluster.")
    String redisClusterNodes;

    @Option(names = "--cassandra-contact", description = "Cassandra host:port (default: ${DEFAULT-VALUE}).")
    String cassandraContact = "127.0.0.1:9042";

    @Override
    public Integer call() {
        for (String backend : backends) {
            run(backend, settings(backend));
        }
        return 0;
    }

    private Map<String, String> settings(String backend) {
        return switch (backend) {
            case "memory" -> Map.of("factory", "memory");
            case "redis" -> Map.of("factory", "redis", "redis.uri", redisUri);
            case "redis-cluster" -> {
                if (redisClusterNodes == null) {
                    throw new IllegalArgumentException("The redis-cluster backend needs --redis-cluster-nodes host:port,...");
                }
                yield Map.of("factory", "redis", "redis.cluster.nodes", redisClusterNodes);
            }
            case "cassandra" -> Map.of("factory", "cassandra", "cassandra.contact-points", cassandraContact,
                    "cassandra.keyspace", "riffle_bench");
            default -> throw new IllegalArgumentException("Unknown backend '" + backend
                    + "'; use memory, redis, redis-cluster or cassandra.");
        };
    }

    private void run(String label, Map<String, String> settings) {
        final Map<String, String> values = new HashMap<>();
        values.put("job.name", "bench-" + UUID.randomUUID().toString().substring(0, 8));
        values.put("task.class", "unused.Task");
        values.put("task.inputs", "visits");
        values.put("systems.kafka.bootstrap.servers", "127.0.0.1:9092");
        values.put("stores.counts.value.serde", "long");
        values.put("task.checkpoint.store", "counts");
        values.put("stores.profiles.value.serde", "long");
        settings.forEach((k, v) -> {
            values.put("stores.counts." + k, v);
            values.put("stores.profiles." + k, v);
        });
        try (AssembledTaskStores stores = StoreAssembly.open(JobConfig.of(values), "task-0", 0)) {
            stores.claimAndReadCheckpoint();
            final KeyValueStore<String, Long> plain = stores.store("profiles");
            final KeyValueStore<String, Long> checkpointed = stores.store("counts");
            final List<String> keys = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                keys.add("visitor-" + i);
            }
            final Map<String, Long> entries = new LinkedHashMap<>();
            keys.forEach(k -> entries.put(k, (long) k.hashCode()));
            final long[] offset = {0};
            final Map<String, Runnable> kinds = new LinkedHashMap<>();
            kinds.put("bulk put (putAll + flush, 1 round trip)", () -> {
                plain.putAll(entries);
                stores.flush();
            });
            kinds.put("bulk get (getAll, 1 round trip)", () -> plain.getAll(keys));
            kinds.put("bulk commit (putAll + atomic checkpoint)", () -> {
                checkpointed.putAll(entries);
                stores.commitCheckpoint(Map.of(INPUT, ++offset[0]));
            });
            kinds.put("single put (put + flush per key)", () -> keys.forEach(k -> {
                plain.put(k, 1L);
                stores.flush();
            }));
            kinds.put("single get (get per key)", () -> keys.forEach(plain::get));
            for (Map.Entry<String, Runnable> kind : kinds.entrySet()) {
                for (int w = 0; w < Math.max(3, rounds); w++) {
                    kind.getValue().run();
                }
                final long began = System.nanoTime();
                for (int r = 0; r < rounds; r++) {
                    kind.getValue().run();
                }
                final double seconds = (System.nanoTime() - began) / 1e9;
                System.out.println(String.format(Locale.ROOT, "%-13s %-44s %9.2f ms per 1,000 keys %12.0f keys/s",
                        label, kind.getKey(), seconds * 1000 / rounds, rounds * (double) BATCH / seconds));
            }
        }
    }
}
