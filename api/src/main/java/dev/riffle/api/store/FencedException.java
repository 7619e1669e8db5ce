package dev.riffle.api.store;

/**
 * A commit was rejected because another container has taken over the task (its generation number
 * is higher than this writer's). The container that receives it is a zombie: it must stop without
 * writing anything else. Never retriable.
 */
public class FencedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
        super(message, false);
    }

    public FencedException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
