package dev.riffle.api;

/**
 * A task that holds resources of its own (clients, threads, files). {@link #close} is called once,
 * on the task's thread, after the last commit when the container shuts down cleanly. It is not
 * called when the container process dies, so it must not be the only place state is saved: keep
 * state in stores, which are committed with the offsets.
 */
public interface ClosableTask {

    /**
     * Releases the task's resources.
     *
     * @throws Exception logged; shutdown continues
     */
    void close() throws Exception;
}
