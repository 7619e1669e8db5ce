package dev.riffle.yarn;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;

/**
 * {@link PassThroughTask}, except that a record whose value is {@code fail} throws, naming its key:
 * with the default {@code task.error.policy=dead-letter} it is logged and dead-lettered, which gives
 * a running container new log lines and a dead-letter count on demand.
 */
public final class PassThroughOrFailTask implements StreamTask, InitableTask {

    private final PassThroughTask delegate = new PassThroughTask();

    @Override
    public void init(final TaskContext context) {
        delegate.init(context);
    }

    @Override
    public void process(final IncomingMessage message, final MessageCollector collector, final TaskCoordinator coordinator) {
        if ("fail".equals(message.value())) {
            throw new IllegalStateException("PassThroughOrFailTask rejects record " + message.key());
        }
        delegate.process(message, collector, coordinator);
    }
}
