package dev.riffle.runner.local;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.WindowableTask;

/** Tasks the integration tests run by class name ({@code task.class}). */
public final class ItTasks {

    private ItTasks() {
    }

    /** Copies each record to {@code it.output}, same key, same partition; {@code stop} as a value shuts the job down. */
    public static final class PassThrough implements StreamTask, InitableTask {
        private String output;

        @Override
        public void init(final TaskContext context) {
            output = context.config().getString("it.output");
        }

        @Override
        public void process(final IncomingMessage message, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
            final String value = String.valueOf(message.value());
            collector.send(new OutgoingMessage(output, message.key(), value, message.partition(), null));
            if (value.equals("stop")) {
                coordinator.shutdown();
            }
        }
    }

    /**
     * Copies each record to {@code it.output}, except {@code big}, for which it sends a value of
     * {@code it.big.bytes} (default 2 MiB), and values starting with {@code bad}, which it dead-letters
     * with reason {@code bad}.
     */
    public static final class OutputProblems implements StreamTask, InitableTask {
        private String output;
        private int bigBytes;

        @Override
        public void init(final TaskContext context) {
            output = context.config().getString("it.output");
            bigBytes = context.config().getInt("it.big.bytes", 2 * 1024 * 1024);
        }

        @Override
        public void process(final IncomingMessage message, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
            final String value = String.valueOf(message.value());
            if (value.startsWith("bad")) {
                collector.deadLetter(message, "bad");
                return;
            }
            final String out = value.equals("big") ? "x".repeat(bigBytes) : value;
            collector.send(new OutgoingMessage(output, message.key(), out, message.partition(), null));
        }
    }

    /** Sends {@code tick} to {@code it.output} on every window(); ignores input. */
    public static final class Ticker implements StreamTask, InitableTask, WindowableTask {
        private String output;

        @Override
        public void init(final TaskContext context) {
            output = context.config().getString("it.output");
        }

        @Override
        public void process(final IncomingMessage message, final MessageCollector collector,
                            final TaskCoordinator coordinator) {
        }

        @Override
        public void window(final MessageCollector collector, final TaskCoordinator coordinator) {
            collector.send(new OutgoingMessage(output, null, "tick"));
        }
    }
}
