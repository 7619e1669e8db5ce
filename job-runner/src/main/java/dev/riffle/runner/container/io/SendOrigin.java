package dev.riffle.runner.container.io;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.riffle.runner.metrics.TaskStats;

/**
 * Who sent a record and which input it came from, so that a send that fails for good is counted on
 * the right task and logged with the input's topic, partition and offset. One per batch for a task's
 * output, one per dead letter; the description is built only when a send fails.
 */
public final class SendOrigin {

    /** For sends whose task is not known (none in the runtime today). */
    public static final SendOrigin UNKNOWN = new SendOrigin("?", null, null, 0, false, false);

    private final String task;
    private final TaskStats stats;
    private final ConsumerRecord<?, ?> input;
    private final int batchSize;
    private final boolean deadLetter;
    private final boolean window;

    private SendOrigin(final String task, final TaskStats stats, final ConsumerRecord<?, ?> input, final int batchSize,
                       final boolean deadLetter, final boolean window) {
        this.task = task;
        this.stats = stats;
        this.input = input;
        this.batchSize = batchSize;
        this.deadLetter = deadLetter;
        this.window = window;
    }

    /** Output of task {@code task} while it processes a batch of {@code size} records starting at {@code first}. */
    public static SendOrigin batch(final String task, final TaskStats stats, final ConsumerRecord<?, ?> first,
                                   final int size) {
        return new SendOrigin(task, stats, first, size, false, false);
    }

    /** Output of task {@code task} from {@code window()}. */
    public static SendOrigin window(final String task, final TaskStats stats) {
        return new SendOrigin(task, stats, null, 0, false, true);
    }

    /** The dead letter of input record {@code input}. */
    public static SendOrigin deadLetter(final String task, final TaskStats stats, final ConsumerRecord<?, ?> input) {
        return new SendOrigin(task, stats, input, 1, true, false);
    }

    /** The task's name. */
    public String task() {
        return task;
    }

    /** The task's metrics; {@code null} for {@link #UNKNOWN}. */
    public TaskStats stats() {
        return stats;
    }

    /** Whether the record is a dead letter. */
    public boolean deadLetter() {
        return deadLetter;
    }

    /** The input the record came from, e.g. {@code visits-3@1042} or {@code the batch of 500 records from visits-3@1042}. */
    public String input() {
        if (window) {
            return "window()";
        }
        if (input == null) {
            return "unknown input";
        }
        final String at = input.topic() + "-" + input.partition() + "@" + input.offset();
        return batchSize <= 1 ? at : "the batch of " + batchSize + " records from " + at;
    }
}
