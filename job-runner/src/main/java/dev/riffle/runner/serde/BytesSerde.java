package dev.riffle.runner.serde;

import dev.riffle.api.serde.Serde;

/** Raw bytes, passed through unchanged; configured as {@code bytes}. */
public final class BytesSerde implements Serde<byte[]> {

    @Override
    public byte[] toBytes(byte[] object) {
        return object;
    }

    @Override
    public byte[] fromBytes(byte[] bytes) {
        return bytes;
    }

    @Override
    public String toString() {
        return "bytes";
    }
}
