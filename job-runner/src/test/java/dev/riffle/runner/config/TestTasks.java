package dev.riffle.runner.config;

import dev.riffle.api.BatchTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.ValidatingTask;
import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;

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

    /**
     * A task that declares its own key {@code echo.limit} (not negative) and checks that it is at most
     * {@code task.batch.size}.
     */
    public static final class SelfChecking implements StreamTask, ValidatingTask {
        static final ConfigKey<Long> LIMIT = ConfigKey.longKey("echo.limit").defaultValue("0")
                .check(v -> v >= 0 ? null : "must not be negative").build("Most messages echoed.");

        @Override
        public List<ConfigKey<?>> configKeys() {
            return List.of(LIMIT);
        }

        @Override
        public void validate(Config config) {
            if (config.get(LIMIT) > config.get(RiffleConfig.TASK_BATCH_SIZE)) {
                throw new ConfigException(LIMIT.name(), "must be at most task.batch.size");
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
