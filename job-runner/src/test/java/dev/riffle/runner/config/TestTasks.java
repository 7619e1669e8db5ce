package dev.riffle.runner.config;

import dev.riffle.api.BatchTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskCoordinator;

import java.util.List;

/** Task classes that validation tests name in {@code task.class}. */
final class TestTasks {

    private TestTasks() {
    }

    /** A valid stream task. */
    public static final class Echo implements StreamTask {
        @Override
        public void process(IncomingMessage message, MessageCollector collector, TaskCoordinator coordinator) {
        }
    }

    /** A valid batch task. */
    public static final class Batch implements BatchTask {
        @Override
        public void process(List<IncomingMessage> messages, MessageCollector collector, TaskCoordinator coordinator) {
        }
    }

    /** A task without a no-argument constructor. */
    public static final class NeedsArgument implements StreamTask {
        public NeedsArgument(String unused) {
        }

        @Override
        public void process(IncomingMessage message, MessageCollector collector, TaskCoordinator coordinator) {
        }
    }

    /** Not a task at all. */
    public static final class NotATask {
    }
}
