package dev.riffle.api.store.spi;

import java.util.Objects;

/**
 * Whose keys a call touches: one task of one store of one job instance. How a backend lays the scope
 * out in its key space is the backend's own (the Redis layout: {@code RedisKeys} in
 * {@code riffle-state-redis}, documented in {@code docs/state.md}); the names may not contain ':', '{'
 * or '}', so that a flat layout built from them stays unambiguous.
 */
public final class TaskScope {

    private final String jobName;
    private final String jobId;
    private final String store;
    private final String task;

    /**
     * @throws IllegalArgumentException if a part is blank, or contains ':', '{' or '}' (which would make
     *     the layout ambiguous)
     */
    public TaskScope(String jobName, String jobId, String store, String task) {
        this.jobName = check("job name", jobName);
        this.jobId = check("job id", jobId);
        this.store = check("store name", store);
        this.task = check("task name", task);
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
