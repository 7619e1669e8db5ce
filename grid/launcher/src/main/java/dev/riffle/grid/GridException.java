package dev.riffle.grid;

/** A failure to report as "grid: message" with an exit status (1 failure, 2 bad usage or settings). */
final class GridException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    GridException(final String message, final int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }
}
