package dev.riffle.runner.store;

import dev.riffle.api.store.KeyValueStore;
import dev.riffle.runner.config.JobConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;

/**
 * Measures bulk against single-key store calls through the assembled stores (serde, buffer, metrics,
 * retries included), in one run: a 1,000-key {@code getAll}, a 1,000-key {@code putAll} + flush, a
 * 1,000-key commit with the checkpoint, and the same 1,000 keys as one {@code get} or one {@code put} +
 * flush each. Prints numbers; asserts nothing. Backend modules call it from their benchmark mains.
 */
public final class StoreBenchmark {

    private static final int BATCH = 1_000;
    private static final TopicPartition INPUT = new TopicPartition("visits", 0);

    private StoreBenchmark() {
    }

    /**
     * Runs the comparison against one backend.
     *
     * @param label printed in front of every line, e.g. "redis"
     * @param settings the store's settings without the {@code stores.<name>.} prefix, with {@code factory}
     * @param rounds measured rounds of each kind, after as many warm-up rounds (at least 3)
     */
    public static void run(String label, Map<String, String> settings, int rounds, PrintStream out) {
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
                out.println(String.format(Locale.ROOT, "%-10s %-44s %9.2f ms per 1,000 keys %12.0f keys/s", label,
                        kind.getKey(), seconds * 1000 / rounds, rounds * (double) BATCH / seconds));
            }
        }
    }
}
