package dev.riffle.yarn;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskCoordinator;

/** A task that fails on every record; with {@code task.error.policy=fail} its container exits with an error. */
public final class CrashingTask implements StreamTask {

    @Override
    public void process(final IncomingMessage message, final MessageCollector collector, final TaskCoordinator coordinator) {
        throw new IllegalStateException("CrashingTask always fails (record at offset " + message.offset() + ")");
    }
}
