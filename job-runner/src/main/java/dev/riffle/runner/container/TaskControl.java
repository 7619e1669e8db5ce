package dev.riffle.runner.container;

import dev.riffle.api.TaskCoordinator;

/** A task's {@link TaskCoordinator}: remembers a commit request, and passes a shutdown request to the container. */
final class TaskControl implements TaskCoordinator {

    private final Runnable stopContainer;
    private boolean commitRequested;
    private volatile boolean stopRequested;

    TaskControl(final Runnable stopContainer) {
        this.stopContainer = stopContainer;
    }

    @Override
    public void commit() {
        commitRequested = true;
    }

    @Override
    public void shutdown() {
        stopContainer.run();
    }

    /** Whether a commit was requested since the last call; clears the request. */
    boolean takeCommitRequest() {
        final boolean requested = commitRequested;
        commitRequested = false;
        return requested;
    }

    /** Marks the container as stopping, so the task takes no further batch. */
    void stop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }
}
