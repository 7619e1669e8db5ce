package dev.riffle.runner.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * How the documents of this package travel: JSON, written and read by one Jackson mapper, each with a
 * {@code protocol} version (docs/yarn.md, section 4, "Protocol versions").
 *
 * <p>The rules: a change that only adds optional fields keeps {@link #VERSION}, since every reader
 * ignores fields it does not know and reads a field the sender left out as absent. A change that
 * removes a field or changes its meaning raises {@link #VERSION}. A document without a version comes
 * from a build before versions were written, whose documents had the shape of version 1; it is read
 * as version 1. A reader refuses any version above its own with {@link UnsupportedProtocolException}.
 */
public final class WireFormat {

    /** The protocol version this build writes and the highest it reads. */
    public static final int VERSION = 1;

    /** What an unversioned document (an older build's) is read as. */
    static final int UNVERSIONED = 0;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WireFormat() {
    }

    /** A document as JSON bytes. */
    public static byte[] toBytes(final Object document) {
        return toJson(document).getBytes(StandardCharsets.UTF_8);
    }

    /** A document as a JSON string. */
    public static String toJson(final Object document) {
        return write(MAPPER.writer(), document);
    }

    /** A document as pretty-printed JSON, for people (the AM's HTTP answers). */
    public static String toPrettyJson(final Object document) {
        return write(MAPPER.writerWithDefaultPrettyPrinter(), document);
    }

    private static String write(final ObjectWriter writer, final Object document) {
        try {
            return writer.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + document.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a document and checks its version.
     *
     * @throws IllegalArgumentException if the text is not JSON of that shape
     * @throws UnsupportedProtocolException if it was written by a newer protocol version
     */
    public static <T extends Versioned> T read(final byte[] json, final Class<T> type) {
        final T document;
        try {
            document = MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " document: " + e.getMessage(), e);
        }
        if (document == null) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " document: it is empty or null");
        }
        check(document.protocol(), type.getSimpleName());
        return document;
    }

    /** As {@link #read(byte[], Class)}, from text. */
    public static <T extends Versioned> T read(final String json, final Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Turns a tree of maps and lists (tests, older code) into a document, as if it had travelled as JSON. */
    public static <T extends Versioned> T convert(final Object tree, final Class<T> type) {
        return read(toBytes(tree), type);
    }

    /**
     * Accepts versions {@value #UNVERSIONED} (an older build's unversioned document) to {@link #VERSION}.
     *
     * @throws UnsupportedProtocolException for any other
     */
    static void check(final int version, final String document) {
        if (version < UNVERSIONED || version > VERSION) {
            throw new UnsupportedProtocolException(document, version);
        }
    }
}
