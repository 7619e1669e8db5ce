package dev.riffle.api.serde;

/** Bytes could not be turned into an object, or the other way round. Retrying cannot help. */
public class SerdeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    public SerdeException(String message) {
        super(message);
    }
}
