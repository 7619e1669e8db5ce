package dev.riffle.state.redis;

import dev.riffle.api.store.spi.TaskScope;

import java.nio.charset.StandardCharsets;

/**
 * The Redis keys of one {@link TaskScope}, the layout documented in {@code docs/state.md}:
 *
 * <pre>
 * riffle:{&lt;job.name&gt;:&lt;job.id&gt;:&lt;task&gt;}:&lt;store&gt;:d:&lt;key bytes&gt;   a value
 * riffle:{&lt;job.name&gt;:&lt;job.id&gt;:&lt;task&gt;}:&lt;store&gt;:checkpoint      the task's checkpoint
 * riffle:{&lt;job.name&gt;:&lt;job.id&gt;:&lt;task&gt;}:&lt;store&gt;:generation      the task's generation
 * </pre>
 *
 * <p>The braces are a Redis Cluster hash tag: all keys of a task, its checkpoint and generation hash to
 * one slot, so one script or transaction can write them together. {@link TaskScope} refuses names with
 * ':', '{' or '}', which would make the layout ambiguous.
 */
public final class RedisKeys {

    private final byte[] prefix;

    private RedisKeys(byte[] prefix) {
        this.prefix = prefix;
    }

    /** The keys of {@code scope}. */
    public static RedisKeys of(TaskScope scope) {
        return new RedisKeys(("riffle:{" + scope.jobName() + ":" + scope.jobId() + ":" + scope.task() + "}:"
                + scope.store() + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** The key of a value: the scope's prefix, {@code d:}, then the raw key bytes. */
    public byte[] data(byte[] key) {
        final byte[] result = new byte[prefix.length + 2 + key.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        result[prefix.length] = 'd';
        result[prefix.length + 1] = ':';
        System.arraycopy(key, 0, result, prefix.length + 2, key.length);
        return result;
    }

    /** The key of the task's checkpoint. */
    public byte[] checkpoint() {
        return suffixed("checkpoint");
    }

    /** The key of the task's generation number (a decimal string). */
    public byte[] generation() {
        return suffixed("generation");
    }

    private byte[] suffixed(String suffix) {
        final byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        final byte[] result = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        System.arraycopy(tail, 0, result, prefix.length, tail.length);
        return result;
    }
}
