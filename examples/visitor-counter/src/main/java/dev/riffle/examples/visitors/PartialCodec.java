package dev.riffle.examples.visitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON form of a {@link Partial}, as sent on the partials topic and kept in the aggregator's state. */
final class PartialCodec {

    static final ObjectMapper JSON = new ObjectMapper();

    private PartialCodec() {
    }

    static ObjectNode toJson(Partial p) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("task", p.task());
        node.put("version", p.version());
        node.put("maxTs", p.maxTs());
        node.put("firstBucket", p.firstBucket());
        final ArrayNode counts = node.putArray("counts");
        for (long c : p.counts()) {
            counts.add(c);
        }
        return node;
    }

    static String encode(Partial p) {
        return toJson(p).toString();
    }

    static Partial fromJson(JsonNode node) {
        final JsonNode counts = node.path("counts");
        final long[] values = new long[counts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = counts.get(i).asLong();
        }
        return new Partial(node.path("task").asInt(), node.path("version").asLong(), node.path("maxTs").asLong(),
                node.path("firstBucket").asLong(), values);
    }

    static Partial decode(String text) {
        try {
            return fromJson(JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException("a share on the partials topic is not valid JSON: " + e.getMessage(), e);
        }
    }
}
