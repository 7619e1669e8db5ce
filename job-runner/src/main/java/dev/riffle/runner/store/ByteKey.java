package dev.riffle.runner.store;

import java.util.Arrays;

/**
 * A byte-array key for hash maps: equality by content, the hash computed once. It wraps the array
 * without copying, so the array must not change while the key is in use (the store layers never
 * change a key's bytes once encoded).
 */
public final class ByteKey {

    private final byte[] bytes;
    private final int hash;

    public ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The wrapped bytes themselves, not a copy. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ByteKey)) {
            return false;
        }
        final ByteKey other = (ByteKey) o;
        return hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "ByteKey(" + bytes.length + " bytes)";
    }
}
