package dev.riffle.examples.visitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * JSON form of a {@link Share} and its {@link Partial}, as sent on the partials topic and kept in the
 * aggregator's state: {@code {"task":..,"version":..,"maxTs":..,"firstBucket":..,"counts":[..],
 * "idle":false,"completed":{"<bucket>":count,..}}}.
 */
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

    static ObjectNode shareToJson(Share share) {
        final ObjectNode node = toJson(share.open());
        node.put("idle", share.idle());
        final ObjectNode completed = node.putObject("completed");
        share.completed().forEach((bucket, count) -> completed.put(Long.toString(bucket), count));
        return node;
    }

    static String encodeShare(Share share) {
        return shareToJson(share).toString();
    }

    static Share shareFromJson(JsonNode node) {
        final TreeMap<Long, Long> completed = new TreeMap<>();
        node.path("completed").fields().forEachRemaining(e -> completed.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
        return new Share(fromJson(node), node.path("idle").asBoolean(false), completed);
    }

    static Share decodeShare(String text) {
        try {
            return shareFromJson(JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException("a share on the partials topic is not valid JSON: " + e.getMessage(), e);
        }
    }
}
