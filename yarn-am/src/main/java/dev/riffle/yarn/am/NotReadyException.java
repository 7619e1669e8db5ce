package dev.riffle.yarn.am;

/**
 * The application master cannot answer this request yet (it is still starting); the caller should ask
 * again. The HTTP endpoint answers it with 503 Service Unavailable, which containers treat as a missed
 * heartbeat.
 */
public final class NotReadyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotReadyException(final String message) {
        super(message);
    }
}
