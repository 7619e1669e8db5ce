package dev.riffle.api.store;

/**
 * A commit was rejected because the store's checkpoint for the task is not the one the writer last
 * committed or claimed, although its generation is still the writer's: the store went back in time or
 * lost data under the running task (a restart from an older snapshot or AOF, a failover to a replica that
 * lagged, a flush followed by a claim elsewhere). Nothing of the commit was written. Like any
 * {@link FencedException} it stops the container, so that the task resumes from what the store holds.
 */
public class CheckpointConflictException extends FencedException {

    private static final long serialVersionUID = 1L;

    public CheckpointConflictException(String message) {
        super(message);
    }
}
