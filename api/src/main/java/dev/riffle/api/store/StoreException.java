package dev.riffle.api.store;

/**
 * A store operation failed. {@link #isRetriable()} says whether trying again can help (the store
 * was unreachable or timed out) or not (bad data, a rejected write).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public StoreException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public StoreException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    /** Whether the same operation may succeed if tried again later. */
    public boolean isRetriable() {
        return retriable;
    }
}
