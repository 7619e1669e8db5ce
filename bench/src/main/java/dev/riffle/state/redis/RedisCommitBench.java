package dev.riffle.state.redis;

import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.UnifiedJedis;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the checkpoint commit of {@link RedisBackend} against a running {@code redis-server}: N changed keys in
 * Riffle's layout (values of 10–40 bytes, one in ten a delete) per commit, with and without TTL, for four ways
 * in turn within each round: the script before the MSET change ({@code old}, kept here and only here for the
 * comparison), the backend's current one ({@code new}), a script that takes the same arguments and only checks
 * the generation ({@code fence-only}: what shipping the arguments into Lua costs), and a WATCH + MULTI/EXEC
 * commit ({@code multi}). Prints the client-side commit time and the server-side time of each commit (EVAL,
 * EVALSHA and EXEC in {@code INFO commandstats}), p50 and max. Prints numbers; asserts nothing. It needs a
 * redis-server of its own, as it reads the server-wide command statistics ({@code scripts/bench.sh --micro
 * redis-commit} starts one). It lives in the Redis backend's package to reach the backend's package-private
 * constructor and script, which no production caller needs.
 */
@Command(name = "redis-commit", mixinStandardHelpOptions = true,
        description = "Times RedisBackend's checkpoint commit against older and alternative commit scripts.")
public final class RedisCommitBench implements Callable<Integer> {

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

    @Option(names = "--redis-uri", description = "A redis-server of the benchmark's own (default: ${DEFAULT-VALUE}).")
    String uri = "redis://127.0.0.1:16379";

    @Option(names = "--rounds", description = "Measured rounds, after 3 warm-up rounds (default: ${DEFAULT-VALUE}).")
    int rounds = 20;

    @Override
    public Integer call() {
        try (UnifiedJedis jedis = RedisClient.create(uri); UnifiedJedis admin = RedisClient.create(uri);
                Jedis plain = new Jedis(URI.create(uri))) {
            final RedisBackend backend = new RedisBackend(jedis, "visitors", "Redis at " + uri);
            System.out.printf("%-7s %-5s %-10s %12s %12s %16s %16s%n", "keys", "ttl", "commit", "p50 ms", "max ms",
                    "server p50 ms", "server max ms");
            for (int size : SIZES) {
                for (long ttl : new long[] {0, TTL_MS}) {
                    run(backend, jedis, plain, admin, size, ttl, rounds);
                }
            }
        }
        return 0;
    }

    /** Runs the variants in turn within each round, so that a change of the machine's load hits them alike. */
    private static void run(RedisBackend backend, UnifiedJedis jedis, Jedis plain, UnifiedJedis admin, int size,
            long ttl, int rounds) {
        final String[] variants = {"old", "new", "fence-only", "multi"};
        final TaskScope[] scopes = new TaskScope[variants.length];
        final long[] generations = new long[variants.length];
        for (int v = 0; v < variants.length; v++) {
            scopes[v] = new TaskScope("visitor-counter", "1", "visitors", "Partition-" + variants[v] + size + ttl);
            generations[v] = backend.claim(scopes[v]);
        }
        final Random random = new Random(size);
        final int warmup = 3;
        final long[][] client = new long[variants.length][rounds];
        final long[][] server = new long[variants.length][rounds];
        // The "new" layout commits over the checkpoint it last wrote (or one an earlier run left in this Redis).
        byte[] previous = backend.readCheckpoint(scopes[1]).orElse(null);
        for (int round = -warmup; round < rounds; round++) {
            final WriteBatch batch = batch(random, size, ttl);
            final byte[] checkpoint = ("{\"offsets\":{\"visits-0\":" + round + "}}").getBytes(StandardCharsets.UTF_8);
            for (int v = 0; v < variants.length; v++) {
                final long serverBefore = serverMicros(admin);
                final long start = System.nanoTime();
                switch (variants[v]) {
                    case "new" -> backend.commit(scopes[v], batch, generations[v], previous, checkpoint);
                    case "old" -> oldLayout(jedis, OLD_SCRIPT, scopes[v], batch, generations[v], checkpoint);
                    case "multi" -> multi(plain, scopes[v], batch, generations[v], checkpoint);
                    default -> oldLayout(jedis, FENCE_ONLY_SCRIPT, scopes[v], batch, generations[v], checkpoint);
                }
                final long elapsed = System.nanoTime() - start;
                if (round >= 0) {
                    client[v][round] = elapsed;
                    server[v][round] = serverMicros(admin) - serverBefore;
                }
            }
            previous = checkpoint;
        }
        for (int v = 0; v < variants.length; v++) {
            Arrays.sort(client[v]);
            Arrays.sort(server[v]);
            System.out.printf("%-7d %-5s %-10s %12.1f %12.1f %16.1f %16.1f%n", size, ttl > 0 ? "yes" : "no",
                    variants[v], client[v][rounds / 2] / 1e6, client[v][rounds - 1] / 1e6, server[v][rounds / 2] / 1e3,
                    server[v][rounds - 1] / 1e3);
            jedis.del(RedisKeys.of(scopes[v]).generation(), RedisKeys.of(scopes[v]).checkpoint());
        }
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
        final RedisKeys layout = RedisKeys.of(scope);
        keys.add(layout.generation());
        keys.add(layout.checkpoint());
        args.add(ascii(Long.toString(generation)));
        args.add(checkpoint);
        args.add(ascii(Long.toString(batch.ttlMs())));
        final StringBuilder ops = new StringBuilder(batch.size());
        final List<byte[]> values = new ArrayList<>(batch.size());
        for (WriteBatch.Write write : batch.writes()) {
            keys.add(layout.data(write.key()));
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

    /**
     * The alternative not taken (yet): WATCH the generation, check it, then MULTI/EXEC the writes. Standalone only
     * here; Jedis has no cluster transaction, so the backend would need the slot's node connection.
     */
    private static void multi(Jedis plain, TaskScope scope, WriteBatch batch, long generation, byte[] checkpoint) {
        final RedisKeys layout = RedisKeys.of(scope);
        plain.watch(layout.generation());
        final byte[] stored = plain.get(layout.generation());
        if (stored == null || Long.parseLong(new String(stored, StandardCharsets.US_ASCII)) != generation) {
            plain.unwatch();
            throw new IllegalStateException("The benchmark's commit of " + scope + " was fenced; another run uses"
                    + " the same Redis. Give the benchmark its own redis-server.");
        }
        final Transaction tx = plain.multi();
        for (WriteBatch.Write write : batch.writes()) {
            final byte[] key = layout.data(write.key());
            if (write.isDelete()) {
                tx.del(key);
            } else if (batch.ttlMs() > 0) {
                tx.psetex(key, batch.ttlMs(), write.value());
            } else {
                tx.set(key, write.value());
            }
        }
        tx.set(layout.checkpoint(), checkpoint);
        if (tx.exec() == null) {
            throw new IllegalStateException("The benchmark's MULTI commit of " + scope + " was fenced by a claim.");
        }
    }

    /** Server-side microseconds spent in EVAL, EVALSHA and EXEC so far (their nested commands included). */
    private static long serverMicros(UnifiedJedis admin) {
        long usec = 0;
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_eval:") || line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_exec:")) {
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (field.startsWith("usec=")) {
                        usec += Long.parseLong(field.substring(5));
                    }
                }
            }
        }
        return usec;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
