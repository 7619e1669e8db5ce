package dev.riffle.runner.config;

import dev.riffle.api.BatchTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.ValidatingTask;
import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;

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

    /** A task that checks its own key {@code echo.limit}, which must not be negative. */
    public static final class SelfChecking implements StreamTask, ValidatingTask {
        @Override
        public void validate(Config config) {
            if (config.getLong("echo.limit", 0) < 0) {
                throw new ConfigException("echo.limit", "must not be negative");
            }
        }

        @Override
        public void process(IncomingMessage message, MessageCollector collector, TaskCoordinator coordinator) {
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
