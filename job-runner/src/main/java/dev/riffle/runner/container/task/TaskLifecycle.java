package dev.riffle.runner.container.task;

import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.errors.ContainerFailure;
import dev.riffle.runner.container.errors.DeadLetters;
import dev.riffle.runner.container.retry.Retrier;
import dev.riffle.runner.metrics.TaskStats;
import dev.riffle.runner.store.TaskStores;

/**
 * The task object of one task, from its construction to its {@code close()}: built from {@code task.class},
 * initialised, and replaced by a new instance after a rewind, so that what the task keeps in memory (restored in
 * {@code init()}) starts from the last commit as the store does. Loop thread only.
 */
final class TaskLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLifecycle.class);

    private final String name;
    private final int partition;
    private final IntFunction<Object> newTask;
    private final TaskStores stores;
    private final TaskStats stats;
    private final Retrier retrier;
    private TaskInvoker invoker;
    private JobConfig config;

    /** @param newTask builds the task object of a partition: once here, and again after each rewind */
    TaskLifecycle(final String name, final int partition, final IntFunction<Object> newTask, final TaskStores stores,
                  final TaskStats stats, final Retrier retrier) {
        this.name = name;
        this.partition = partition;
        this.newTask = newTask;
        this.stores = stores;
        this.stats = stats;
        this.retrier = retrier;
        this.invoker = new TaskInvoker(newTask.apply(partition));
    }

    /** The calls into the current task object. */
    TaskInvoker invoker() {
        return invoker;
    }

    /** Calls the task's {@code init}; a failure stops the container. */
    void init(final JobConfig jobConfig) {
        this.config = jobConfig;
        init(invoker);
    }

    /** Initialises {@code task}; a retriable store error passes through, any other failure stops the container. */
    private void init(final TaskInvoker task) {
        try {
            task.init(new RunnerTaskContext(name, partition, config, stores, stats));
        } catch (StoreException e) {
            if (e instanceof FencedException || !e.isRetriable()) {
                throw initFailure(task, e);
            }
            throw e;
        } catch (Exception e) {
            throw initFailure(task, e);
        }
    }

    private ContainerFailure initFailure(final TaskInvoker task, final Exception e) {
        return new ContainerFailure("Task " + name + " (" + task.className() + ") failed in init(): "
                + DeadLetters.describe(e) + ". Fix the task or its configuration.", e);
    }

    /**
     * After a rewind: closes the task object and initialises a new one from the store's committed state,
     * waiting with the task's backoff while the store is unreachable (the backoff goes on from the failure that
     * rewound).
     */
    void restart() {
        close("it goes on");
        while (true) {
            final TaskInvoker next = new TaskInvoker(newTask.apply(partition));
            try {
                init(next);
                invoker = next;
                break;
            } catch (StoreException e) {
                retrier.backOff("initialise the task again from its last commit", e, "retrying");
            }
        }
        LOG.info("Task {} went back to its last commit with a new {} initialised from the store.", name,
                invoker.className().substring(invoker.className().lastIndexOf('.') + 1));
    }

    /** Calls the task's {@code close()}; a failure is logged, and {@code then} says what happens next. */
    void close(final String then) {
        try {
            invoker.close();
        } catch (Exception e) {
            LOG.warn("Task {} failed in close(): {}; {}.", name, DeadLetters.describe(e), then);
        }
    }
}
