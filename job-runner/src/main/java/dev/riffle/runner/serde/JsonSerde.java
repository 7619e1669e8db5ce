package dev.riffle.runner.serde;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.api.serde.Serde;
import dev.riffle.api.serde.SerdeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON via Jackson; configured as {@code json}. Reads any JSON document into a {@link JsonNode} and
 * writes any object Jackson can serialise (a {@code JsonNode}, a {@code Map}, a POJO, a record).
 */
public final class JsonSerde implements Serde<Object> {

    /**
     * One mapper for the whole process: ObjectMapper is thread-safe once configured, and costly to
     * build. Held lazily so that naming the serde (config validation) does not load Jackson.
     */
    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The shared, configured mapper, for code that wants to convert a {@link JsonNode} to a POJO. */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    @Override
    public byte[] toBytes(Object object) {
        if (object == null) {
            return null;
        }
        try {
            return mapper().writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new SerdeException("json serde: cannot write a " + object.getClass().getName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Deserialises to a {@link JsonNode}; declared as {@code Object} so any value can be written. */
    @Override
    public JsonNode fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            final JsonNode node = mapper().readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new SerdeException("json serde: " + bytes.length + " bytes hold no JSON document (empty input)");
            }
            return node;
        } catch (JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            final String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new SerdeException("json serde: not valid JSON" + where + ": " + e.getOriginalMessage()
                    + "; input starts with '" + preview(bytes) + "'", e);
        } catch (IOException e) {
            throw new SerdeException("json serde: cannot read JSON: " + e.getMessage(), e);
        }
    }

    private static String preview(byte[] bytes) {
        final String text = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?") + (bytes.length > 40 ? "..." : "");
    }

    @Override
    public String toString() {
        return "json";
    }
}
