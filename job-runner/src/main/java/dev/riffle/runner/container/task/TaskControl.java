package dev.riffle.runner.container.task;

import dev.riffle.api.TaskCoordinator;

/** A task's {@link TaskCoordinator}: remembers a commit request, and passes a shutdown request to the container. */
final class TaskControl implements TaskCoordinator {

    private final Runnable stopContainer;
    private boolean commitRequested;
    private volatile boolean stopRequested;
    private volatile String abortReason;

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

    /** Marks the container as stopping without a commit (the AM no longer recognises it), and why. */
    void abort(final String reason) {
        abortReason = reason;
        stopRequested = true;
    }

    /** Why the container stops without committing; {@code null} unless {@link #abort} was called. */
    String abortReason() {
        return abortReason;
    }
}
