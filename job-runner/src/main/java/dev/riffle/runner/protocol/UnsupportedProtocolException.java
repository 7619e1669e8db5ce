package dev.riffle.runner.protocol;

/**
 * A document written with a protocol version this build does not read: the two sides come from
 * different Riffle builds. Retrying cannot help; run the AM and the containers from one job package.
 */
public final class UnsupportedProtocolException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int version;

    UnsupportedProtocolException(final String document, final int version) {
        super("the " + document + " document has protocol version " + version + ", but this Riffle build reads"
                + " versions up to " + WireFormat.VERSION + ": the sender comes from a different Riffle build."
                + " Run the application master and the containers from one job package (yarn.package.path)");
        this.version = version;
    }

    /** The version the document carried. */
    public int version() {
        return version;
    }
}
