package dev.riffle.examples.actions;

import com.fasterxml.jackson.databind.JsonNode;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.store.KeyValueStore;

/**
 * The smallest useful Riffle job, shown in full in the README: counts visit events per action
 * ({@code search}, {@code book}, ...) and sends each new total to {@code action-counts}.
 */
public final class ActionCounterTask implements StreamTask, InitableTask {

    private KeyValueStore<String, Long> counts;

    @Override
    public void init(TaskContext context) {
        counts = context.store("actions");
    }

    @Override
    public void process(IncomingMessage message, MessageCollector collector, TaskCoordinator coordinator) {
        final String action = message.valueAs(JsonNode.class).path("action").asText("unknown");
        final Long previous = counts.get(action);
        final long total = (previous == null ? 0 : previous) + 1;
        counts.put(action, total);
        collector.send(new OutgoingMessage("action-counts", action, total));
    }
}
