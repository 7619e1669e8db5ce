package dev.riffle.api.store.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Whose keys a call touches: one task of one store of one job instance. Backends with a flat key space
 * (Redis, memory) use {@link #dataKey}, {@link #checkpointKey} and {@link #generationKey}, the layout
 * documented in {@code docs/state.md}:
 *
 * <pre>
 * riffle:{&lt;job.name&gt;:&lt;job.id&gt;:&lt;task&gt;}:&lt;store&gt;:d:&lt;key bytes&gt;   a value
 * riffle:{&lt;job.name&gt;:&lt;job.id&gt;:&lt;task&gt;}:&lt;store&gt;:checkpoint      the task's checkpoint
 * riffle:{&lt;job.name&gt;:&lt;job.id&gt;:&lt;task&gt;}:&lt;store&gt;:generation      the task's generation
 * </pre>
 *
 * <p>The braces are a Redis Cluster hash tag: all keys of a task, its checkpoint and generation hash to
 * one slot, so one script or transaction can write them together.
 */
public final class TaskScope {

    private final String jobName;
    private final String jobId;
    private final String store;
    private final String task;
    private final byte[] prefix;

    /**
     * @throws IllegalArgumentException if a part is blank, or contains ':', '{' or '}' (which would make
     *     the layout ambiguous)
     */
    public TaskScope(String jobName, String jobId, String store, String task) {
        this.jobName = check("job name", jobName);
        this.jobId = check("job id", jobId);
        this.store = check("store name", store);
        this.task = check("task name", task);
        this.prefix = ("riffle:{" + jobName + ":" + jobId + ":" + task + "}:" + store + ":")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.indexOf(':') >= 0 || value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
            throw new IllegalArgumentException("The " + what + " '" + value + "' cannot name stored state: it must"
                    + " be non-blank and contain no ':', '{' or '}'. Rename it.");
        }
        return value;
    }

    public String jobName() {
        return jobName;
    }

    public String jobId() {
        return jobId;
    }

    public String store() {
        return store;
    }

    public String task() {
        return task;
    }

    /** The flat key of a value: the scope's prefix, {@code d:}, then the raw key bytes. */
    public byte[] dataKey(byte[] key) {
        final byte[] result = new byte[prefix.length + 2 + key.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        result[prefix.length] = 'd';
        result[prefix.length + 1] = ':';
        System.arraycopy(key, 0, result, prefix.length + 2, key.length);
        return result;
    }

    /** The flat key of the task's checkpoint. */
    public byte[] checkpointKey() {
        return suffixed("checkpoint");
    }

    /** The flat key of the task's generation number (a decimal string). */
    public byte[] generationKey() {
        return suffixed("generation");
    }

    private byte[] suffixed(String suffix) {
        final byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        final byte[] result = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        System.arraycopy(tail, 0, result, prefix.length, tail.length);
        return result;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TaskScope)) {
            return false;
        }
        final TaskScope other = (TaskScope) o;
        return jobName.equals(other.jobName) && jobId.equals(other.jobId) && store.equals(other.store)
                && task.equals(other.task);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, jobId, store, task);
    }

    @Override
    public String toString() {
        return "store " + store + " of task " + task + " of job " + jobName + " (id " + jobId + ")";
    }
}
