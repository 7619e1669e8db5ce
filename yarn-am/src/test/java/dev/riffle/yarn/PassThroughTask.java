package dev.riffle.yarn;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;

/** The test job: copies every record to {@code passthrough.output}, same key and value. */
public final class PassThroughTask implements StreamTask, InitableTask {

    private String output;

    @Override
    public void init(final TaskContext context) {
        output = context.config().get("passthrough.output")
                .orElseThrow(() -> new IllegalStateException("passthrough.output is not set"));
    }

    @Override
    public void process(final IncomingMessage message, final MessageCollector collector, final TaskCoordinator coordinator) {
        collector.send(new OutgoingMessage(output, message.key(), message.value()));
    }
}
