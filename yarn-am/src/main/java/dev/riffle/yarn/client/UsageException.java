package dev.riffle.yarn.client;

/** A problem the person running a script must fix in how they call it or in its environment (exit status 2). */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(final String message) {
        super(message);
    }
}
