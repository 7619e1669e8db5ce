package dev.riffle.state.redis;

import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Times the checkpoint commit of {@link RedisBackend} against a running {@code redis-server}: N changed keys
 * in Riffle's layout (values of 10–40 bytes) per commit, with and without TTL, for three scripts in one run:
 * the one before the MSET change (kept here, and only here, for the comparison), the current one, and a
 * script that only checks the generation (what sending the arguments alone costs). Prints the client-side
 * commit time (p50, max) and the server-side time per call from {@code INFO commandstats}. A main, not a
 * test: it prints numbers. See "Redis commit script" in docs/benchmarks.md for the command.
 */
public final class RedisCommitBenchmark {

    /** The commit script before the MSET change: per-key SET/DEL with a per-key op letter. */
    private static final String OLD_SCRIPT = String.join("\n",
            "local stored = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if stored ~= tonumber(ARGV[1]) then return stored end",
            "local ttl = tonumber(ARGV[3])",
            "local ops = ARGV[4]",
            "local v = 5",
            "for i = 3, #KEYS do",
            "  if string.sub(ops, i - 2, i - 2) == 'p' then",
            "    if ttl > 0 then redis.call('SET', KEYS[i], ARGV[v], 'PX', ttl) else redis.call('SET', KEYS[i], ARGV[v]) end",
            "    v = v + 1",
            "  else",
            "    redis.call('DEL', KEYS[i])",
            "  end",
            "end",
            "redis.call('SET', KEYS[2], ARGV[2])",
            "return -1");

    /** Takes the same arguments as the old script, checks the generation and writes nothing. */
    private static final String FENCE_ONLY_SCRIPT = String.join("\n",
            "local stored = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if stored ~= tonumber(ARGV[1]) then return stored end",
            "return -1");

    private static final int[] SIZES = {1_000, 10_000, 30_000};
    private static final long TTL_MS = 2_700_000; // the visitor counter's stores.visitors.ttl.ms in bench/

    private RedisCommitBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println("usage: RedisCommitBenchmark [redis-uri (default redis://127.0.0.1:16379)] [rounds (default 20)]");
            System.exit(0);
        }
        final String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:16379";
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (UnifiedJedis jedis = RedisClient.create(uri); UnifiedJedis admin = RedisClient.create(uri)) {
            final RedisBackend backend = new RedisBackend(jedis, "visitors", "Redis at " + uri);
            System.out.printf("%-7s %-5s %-10s %8s %8s %8s %14s%n", "keys", "ttl", "script", "p50 ms", "max ms",
                    "mean ms", "server ms/call");
            for (int size : SIZES) {
                for (long ttl : new long[] {0, TTL_MS}) {
                    for (String variant : new String[] {"old", "new", "fence-only"}) {
                        run(backend, jedis, admin, variant, size, ttl, rounds);
                    }
                }
            }
        }
        System.exit(0);
    }

    private static void run(RedisBackend backend, UnifiedJedis jedis, UnifiedJedis admin, String variant, int size,
            long ttl, int rounds) {
        final TaskScope scope = new TaskScope("visitor-counter", "1", "visitors", "Partition-" + variant + size + ttl);
        final long generation = backend.claim(scope);
        final Random random = new Random(size);
        final int warmup = 3;
        final long[] nanos = new long[rounds];
        for (int round = -warmup; round < rounds; round++) {
            final WriteBatch batch = batch(random, size, ttl);
            final byte[] checkpoint = ("{\"offsets\":{\"visits-0\":" + round + "}}").getBytes(StandardCharsets.UTF_8);
            if (round == 0) {
                admin.sendCommand(redis.clients.jedis.Protocol.Command.CONFIG, "RESETSTAT");
            }
            final long start = System.nanoTime();
            switch (variant) {
                case "new" -> backend.commit(scope, batch, generation, checkpoint);
                case "old" -> oldLayout(jedis, OLD_SCRIPT, scope, batch, generation, checkpoint);
                default -> oldLayout(jedis, FENCE_ONLY_SCRIPT, scope, batch, generation, checkpoint);
            }
            if (round >= 0) {
                nanos[round] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        final double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        System.out.printf("%-7d %-5s %-10s %8.1f %8.1f %8.1f %14.1f%n", size, ttl > 0 ? "yes" : "no", variant,
                nanos[rounds / 2] / 1e6, nanos[rounds - 1] / 1e6, mean, serverMsPerCall(admin));
        jedis.del(scope.generationKey(), scope.checkpointKey());
    }

    /** Every key of the task changes each round, one in ten is a delete, like visitors falling out of the window. */
    private static WriteBatch batch(Random random, int size, long ttl) {
        final WriteBatch.Builder builder = WriteBatch.builder(ttl);
        for (int i = 0; i < size; i++) {
            final byte[] key = ("visitor-" + i).getBytes(StandardCharsets.UTF_8);
            if (i % 10 == 9) {
                builder.delete(key);
            } else {
                final byte[] value = new byte[10 + random.nextInt(31)];
                for (int b = 0; b < value.length; b++) {
                    value[b] = (byte) ('0' + random.nextInt(10));
                }
                builder.put(key, value);
            }
        }
        return builder.build();
    }

    private static void oldLayout(UnifiedJedis jedis, String script, TaskScope scope, WriteBatch batch, long generation,
            byte[] checkpoint) {
        final List<byte[]> keys = new ArrayList<>(batch.size() + 2);
        final List<byte[]> args = new ArrayList<>(batch.size() + 4);
        keys.add(scope.generationKey());
        keys.add(scope.checkpointKey());
        args.add(ascii(Long.toString(generation)));
        args.add(checkpoint);
        args.add(ascii(Long.toString(batch.ttlMs())));
        final StringBuilder ops = new StringBuilder(batch.size());
        final List<byte[]> values = new ArrayList<>(batch.size());
        for (WriteBatch.Write write : batch.writes()) {
            keys.add(scope.dataKey(write.key()));
            ops.append(write.isDelete() ? 'd' : 'p');
            if (!write.isDelete()) {
                values.add(write.value());
            }
        }
        args.add(ascii(ops.toString()));
        args.addAll(values);
        final Object result = jedis.eval(ascii(script), keys, args);
        if (((Number) result).longValue() >= 0) {
            throw new IllegalStateException("The benchmark's commit of " + scope + " was fenced; another run uses"
                    + " the same Redis. Give the benchmark its own redis-server.");
        }
    }

    /** Server-side milliseconds per EVAL/EVALSHA since the last CONFIG RESETSTAT. */
    private static double serverMsPerCall(UnifiedJedis admin) {
        long calls = 0;
        long usec = 0;
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_eval:") || line.startsWith("cmdstat_evalsha:")) {
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (field.startsWith("calls=")) {
                        calls += Long.parseLong(field.substring(6));
                    } else if (field.startsWith("usec=")) {
                        usec += Long.parseLong(field.substring(5));
                    }
                }
            }
        }
        return calls == 0 ? Double.NaN : usec / 1000.0 / calls;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
