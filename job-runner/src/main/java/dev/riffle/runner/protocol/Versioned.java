package dev.riffle.runner.protocol;

/** A document that carries the protocol version it was written with ({@link WireFormat}). */
public interface Versioned {

    /** The version the writer used; 0 when it wrote none (a build before versions, read as version 1). */
    int protocol();
}
