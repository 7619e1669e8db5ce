package dev.riffle.state.redis;

import dev.riffle.api.store.CheckpointConflictException;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * Keeps a store in Redis (standalone or Cluster) with the flat key layout of {@link RedisKeys}: reads
 * with one MGET, writes with one pipeline of SET (PX for TTL) and DEL, and the checkpoint commit with one
 * Lua script that checks the generation and then applies the writes (chunked MSET and DEL, or one SET PX per
 * put when the store has a TTL) and the checkpoint, after checking that the stored checkpoint is the one the
 * task last committed. A task's keys share one hash tag, so MGET and the script
 * stay in one Cluster slot.
 */
final class RedisBackend implements StoreBackend {

    /** What the commit script returns when the stored checkpoint is not the expected one. */
    private static final long CHECKPOINT_CONFLICT = -2;

    private final UnifiedJedis jedis;
    private final String store;
    private final String where;

    RedisBackend(UnifiedJedis jedis, String store, String where) {
        this.jedis = jedis;
        this.store = store;
        this.where = where;
    }

    @Override
    public List<byte[]> getAll(TaskScope scope, List<byte[]> keys) {
        final RedisKeys layout = RedisKeys.of(scope);
        final byte[][] flat = new byte[keys.size()][];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = layout.data(keys.get(i));
        }
        return call("read " + keys.size() + " keys of " + scope, () -> jedis.mget(flat));
    }

    @Override
    public void write(TaskScope scope, WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        final RedisKeys layout = RedisKeys.of(scope);
        call("write " + batch.size() + " keys of " + scope, () -> {
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                final SetParams expiry = batch.ttlMs() > 0 ? SetParams.setParams().px(batch.ttlMs()) : null;
                for (WriteBatch.Write write : batch.writes()) {
                    final byte[] key = layout.data(write.key());
                    if (write.isDelete()) {
                        pipeline.del(key);
                    } else if (expiry != null) {
                        pipeline.set(key, write.value(), expiry);
                    } else {
                        pipeline.set(key, write.value());
                    }
                }
                pipeline.sync();
            }
            return null;
        });
    }

    @Override
    public void commit(TaskScope scope, WriteBatch batch, long generation, byte[] expected, byte[] checkpoint) {
        // Puts first, then deletes: a batch holds each key at most once, so their order does not matter.
        final List<byte[]> keys = new ArrayList<>(batch.size() + 2);
        final List<byte[]> args = new ArrayList<>(batch.size() + 5);
        final List<byte[]> deletes = new ArrayList<>();
        final RedisKeys layout = RedisKeys.of(scope);
        keys.add(layout.generation());
        keys.add(layout.checkpoint());
        args.add(ascii(Long.toString(generation)));
        args.add(checkpoint);
        args.add(ascii(Long.toString(batch.ttlMs())));
        args.add(ascii(expected == null ? "0" : "1"));
        args.add(expected == null ? new byte[0] : expected);
        for (WriteBatch.Write write : batch.writes()) {
            if (write.isDelete()) {
                deletes.add(layout.data(write.key()));
            } else {
                keys.add(layout.data(write.key()));
                args.add(write.value());
            }
        }
        keys.addAll(deletes);
        final Object result = call("commit " + batch.size() + " keys and the checkpoint of " + scope,
                () -> CommitScript.run(jedis, keys, args));
        final long stored = ((Number) result).longValue();
        if (stored == CHECKPOINT_CONFLICT) {
            throw new CheckpointConflictException("The commit of " + scope + " with generation " + generation
                    + " was rejected: " + where + " holds another checkpoint than the one the task last committed;"
                    + " nothing of this commit was written.");
        }
        if (stored == 0) {
            throw new FencedException("The commit of " + scope + " with generation " + generation + " was rejected: "
                    + where + " holds no generation for the task, so it lost the task's keys (restarted without"
                    + " persistence, flushed or evicted). This container must stop; nothing of this commit was written,"
                    + " and the next start checks what was lost (docs/state.md, \"A store that lost data\").");
        }
        if (stored > 0) {
            throw new FencedException("The commit of " + scope + " with generation " + generation + " was rejected: "
                    + where + " holds generation " + stored + ", so another container has taken the task. This"
                    + " container must stop; nothing of this commit was written.");
        }
    }

    @Override
    public long claim(TaskScope scope) {
        return call("claim " + scope, () -> jedis.incr(RedisKeys.of(scope).generation()));
    }

    @Override
    public Optional<byte[]> readCheckpoint(TaskScope scope) {
        return Optional.ofNullable(call("read the checkpoint of " + scope, () -> jedis.get(RedisKeys.of(scope).checkpoint())));
    }

    @Override
    public void close() {
        jedis.close();
    }

    private <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisDataException e) {
            final String message = String.valueOf(e.getMessage());
            final boolean retriable = message.startsWith("LOADING") || message.startsWith("BUSY")
                    || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")
                    || message.startsWith("MASTERDOWN");
            throw new StoreException("Store " + store + " could not " + what + " in " + where + ": Redis answered '"
                    + message + "'" + (retriable ? "; retrying." : "; fix the data or the server configuration."),
                    retriable, e);
        } catch (JedisException e) {
            throw new StoreException("Store " + store + " could not " + what + " because " + where
                    + " is unreachable: " + e.getMessage(), true, e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The commit script, run by its SHA1 and sent again when the server does not know it (after a restart). */
    private static final class CommitScript {
        /** Arguments per MSET or DEL call inside the script; well below Lua's unpack limit. */
        private static final int CHUNK = 2_000;
        private static final byte[] SOURCE = String.join("\n",
                "-- KEYS: generation, checkpoint, put keys, delete keys.",
                "-- ARGV: generation, checkpoint, ttl ms, '1' if an expected checkpoint follows else '0', it, put values.",
                "local stored = tonumber(redis.call('GET', KEYS[1]) or '0')",
                "if stored ~= tonumber(ARGV[1]) then return stored end",
                "local current = redis.call('GET', KEYS[2])",
                // A retry of a commit that landed finds its own checkpoint: applying it again changes nothing.
                "if current ~= ARGV[2] then",
                "  if ARGV[4] == '1' then",
                "    if current ~= ARGV[5] then return " + CHECKPOINT_CONFLICT + " end",
                "  elseif current then return " + CHECKPOINT_CONFLICT + " end",
                "end",
                "local call = redis.call",
                "local puts = #ARGV - 5",
                "local ttl = ARGV[3]",
                "if ttl ~= '0' then",
                // MSET cannot set an expiry, so with a TTL each put stays one SET PX (still one atomic script).
                "  for i = 1, puts do call('SET', KEYS[i + 2], ARGV[i + 5], 'PX', ttl) end",
                "else",
                // unpack() is limited by the Lua C stack (~8000 values), so MSET goes in chunks of pairs.
                "  local kv, n = {}, 0",
                "  for i = 1, puts do",
                "    kv[n + 1] = KEYS[i + 2]",
                "    kv[n + 2] = ARGV[i + 5]",
                "    n = n + 2",
                "    if n == " + CHUNK + " then call('MSET', unpack(kv, 1, n)) n = 0 end",
                "  end",
                "  if n > 0 then call('MSET', unpack(kv, 1, n)) end",
                "end",
                "for first = puts + 3, #KEYS, " + CHUNK + " do",
                "  call('DEL', unpack(KEYS, first, math.min(first + " + (CHUNK - 1) + ", #KEYS)))",
                "end",
                "call('SET', KEYS[2], ARGV[2])",
                "return -1").getBytes(StandardCharsets.UTF_8);
        private static final byte[] SHA1 = ascii(sha1Hex(SOURCE));

        static Object run(UnifiedJedis jedis, List<byte[]> keys, List<byte[]> args) {
            try {
                return jedis.evalsha(SHA1, keys, args);
            } catch (JedisNoScriptException e) {
                return jedis.eval(SOURCE, keys, args);
            }
        }

        private static String sha1Hex(byte[] bytes) {
            try {
                final byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(bytes);
                final StringBuilder hex = new StringBuilder();
                for (byte b : digest) {
                    hex.append(String.format("%02x", b));
                }
                return hex.toString();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is missing from this JVM", e);
            }
        }
    }
}
