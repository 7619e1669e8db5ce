package dev.riffle.runner.container.task;

import java.util.List;

import dev.riffle.api.BatchTask;
import dev.riffle.api.ClosableTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.StreamTask;
import dev.riffle.api.TaskContext;
import dev.riffle.api.WindowableTask;

/**
 * The calls into a task's code, whichever interfaces it implements: {@code init}, {@code process} (per
 * message for a {@link StreamTask}, per batch for a {@link BatchTask}), {@code window} and {@code close}.
 * Exceptions of the task's code pass through; what they mean is the caller's to decide. Loop thread only.
 */
final class TaskInvoker {

    private final Object task;
    private final StreamTask streamTask;
    private final BatchTask batchTask;
    private int streamIndex;

    /** @throws IllegalArgumentException when {@code task} implements neither {@link StreamTask} nor {@link BatchTask} */
    TaskInvoker(final Object task) {
        this.task = task;
        this.streamTask = task instanceof StreamTask ? (StreamTask) task : null;
        this.batchTask = task instanceof BatchTask ? (BatchTask) task : null;
        if (streamTask == null && batchTask == null) {
            throw new IllegalArgumentException("Task class " + task.getClass().getName()
                    + " implements neither StreamTask nor BatchTask; implement one of them (task.class)");
        }
    }

    /** The task's class name, for messages. */
    String className() {
        return task.getClass().getName();
    }

    /** Whether the task has a {@code window()} to call. */
    boolean windowable() {
        return task instanceof WindowableTask;
    }

    /** Whether the task takes one message at a time ({@link StreamTask}). */
    boolean perMessage() {
        return streamTask != null;
    }

    /** Calls {@link InitableTask#init} when the task has one. */
    void init(final TaskContext context) throws Exception {
        if (task instanceof InitableTask) {
            ((InitableTask) task).init(context);
        }
    }

    /**
     * Hands the task its messages.
     *
     * @return how many it processed: all, or fewer when a stream task asked to stop after one of them
     */
    int process(final List<IncomingMessage> messages, final MessageCollector collector, final TaskControl control)
            throws Exception {
        if (batchTask != null) {
            batchTask.process(messages, collector, control);
            return messages.size();
        }
        final int m = messages.size();
        for (int i = 0; i < m; i++) {
            streamIndex = i;
            streamTask.process(messages.get(i), collector, control);
            if (control.stopRequested()) {
                return i + 1;
            }
        }
        return m;
    }

    /** For a stream task whose {@link #process} threw: the index of the message it was processing. */
    int failedIndex() {
        return streamIndex;
    }

    /** Calls {@link WindowableTask#window}; only for a {@link #windowable} task. */
    void window(final MessageCollector collector, final TaskControl control) throws Exception {
        ((WindowableTask) task).window(collector, control);
    }

    /** Calls {@link ClosableTask#close} when the task has one. */
    void close() throws Exception {
        if (task instanceof ClosableTask) {
            ((ClosableTask) task).close();
        }
    }
}
