package dev.riffle.api;

/**
 * A task that processes its input one message at a time.
 *
 * <p>Riffle creates one instance per task (task {@code i} owns partition {@code i} of every input
 * topic). The runtime calls {@link #process} from a single thread, in offset order per partition,
 * so an implementation needs no synchronisation of its own. Optional capabilities are separate
 * interfaces: {@link InitableTask}, {@link WindowableTask}, {@link ClosableTask}.
 *
 * <p>A task that would rather see a whole batch at once (to read and write its store in one
 * round trip) implements {@link BatchTask} instead.
 */
@FunctionalInterface
public interface StreamTask {

    /**
     * Processes one message.
     *
     * @param message the message, never {@code null}
     * @param collector sends output messages; valid only during this call
     * @param coordinator asks the runtime to commit or shut down
     * @throws Exception anything the task cannot handle; the runtime applies {@code task.error.policy}
     *     ({@code fail}, {@code skip} or {@code dead-letter}) to this message
     */
    void process(IncomingMessage message, MessageCollector collector, TaskCoordinator coordinator)
            throws Exception;
}
