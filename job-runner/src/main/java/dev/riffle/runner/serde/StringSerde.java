package dev.riffle.runner.serde;

import dev.riffle.api.serde.Serde;
import dev.riffle.api.serde.SerdeException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text; configured as {@code string}. Malformed UTF-8 is an error rather than silently
 * replaced, so a record in the wrong encoding reaches {@code task.error.policy}.
 */
public final class StringSerde implements Serde<String> {

    @Override
    public byte[] toBytes(String object) {
        return object == null ? null : object.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (isAscii(bytes)) {
            // Plain ASCII (store keys, counts, most ids) is valid UTF-8 and one char per byte: no decoder.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        // A fresh decoder per call: decoders are not thread-safe and are cheap to create.
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SerdeException("string serde: " + bytes.length + " bytes are not valid UTF-8 ("
                    + e + "); configure a bytes or custom serde for binary data", e);
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "string";
    }
}
