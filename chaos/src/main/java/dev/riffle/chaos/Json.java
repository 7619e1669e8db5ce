package dev.riffle.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Reads JSON values of the job's topics; a value that is not JSON reads as a missing node. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(final String value) {
        try {
            return value == null ? MissingNode.getInstance() : MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
