package dev.riffle.runner.store;

import dev.riffle.api.BatchTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.store.KeyValueStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts records per key in the store {@code counts}: one getAll and one putAll per batch. Used by the crash
 * tests, in a child JVM.
 */
public final class CountingTask implements BatchTask, InitableTask {

    private KeyValueStore<String, Long> counts;

    @Override
    public void init(TaskContext context) {
        counts = context.store("counts");
    }

    @Override
    public void process(List<IncomingMessage> batch, MessageCollector collector, TaskCoordinator coordinator) {
        final Map<String, Long> delta = new HashMap<>();
        for (IncomingMessage message : batch) {
            delta.merge((String) message.key(), 1L, Long::sum);
        }
        final Map<String, Long> current = counts.getAll(delta.keySet());
        final Map<String, Long> updated = new HashMap<>();
        delta.forEach((key, n) -> updated.put(key, current.getOrDefault(key, 0L) + n));
        counts.putAll(updated);
    }
}
