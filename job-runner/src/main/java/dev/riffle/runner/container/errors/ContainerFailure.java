package dev.riffle.runner.container.errors;

/**
 * A failure that stops the container without a commit: a record under {@code task.error.policy=fail},
 * a task that throws in {@code init} or {@code window}, a store or producer error that retrying
 * cannot fix. The container exits with status 1 and its records are read again after a restart.
 */
public class ContainerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ContainerFailure(final String message, final Throwable cause) {
        super(message, cause);
    }
}
