package dev.riffle.api;

import java.util.List;

/**
 * A task that processes its input in small batches.
 *
 * <p>A batch holds records of this task only, in offset order per partition; it is handed over when
 * it reaches {@code task.batch.size} records or its oldest record has waited {@code task.batch.wait.ms}.
 * Calls come from a single thread. Batching lets a task read and write its remote store once per
 * batch instead of once per record, which is where most of Riffle's throughput comes from.
 *
 * <p>If {@link #process} throws, the runtime retries the records one at a time to find the ones
 * that fail, and applies {@code task.error.policy} to each of those; the others are processed
 * again individually. A task that must not see a record twice within a failed batch should catch
 * per-record problems itself and report them through {@link MessageCollector#deadLetter}.
 */
@FunctionalInterface
public interface BatchTask {

    /**
     * Processes one batch.
     *
     * @param batch the records, never empty; the list is only valid during this call
     * @param collector sends output messages; valid only during this call
     * @param coordinator asks the runtime to commit or shut down
     * @throws Exception anything the task cannot handle (see the class comment)
     */
    void process(List<IncomingMessage> batch, MessageCollector collector, TaskCoordinator coordinator)
            throws Exception;
}
