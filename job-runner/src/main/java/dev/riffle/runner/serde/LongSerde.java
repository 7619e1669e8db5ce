package dev.riffle.runner.serde;

import dev.riffle.api.serde.Serde;
import dev.riffle.api.serde.SerdeException;

import java.nio.ByteBuffer;

/**
 * A {@code long} as 8 bytes, big-endian, the encoding of Kafka's {@code LongSerializer}; configured
 * as {@code long}.
 */
public final class LongSerde implements Serde<Long> {

    @Override
    public byte[] toBytes(Long object) {
        return object == null ? null : ByteBuffer.allocate(Long.BYTES).putLong(object).array();
    }

    @Override
    public Long fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length != Long.BYTES) {
            throw new SerdeException("long serde: expected 8 bytes for a long, got " + bytes.length
                    + "; is the data written by a different serde (string, json)?");
        }
        return ByteBuffer.wrap(bytes).getLong();
    }

    @Override
    public String toString() {
        return "long";
    }
}
