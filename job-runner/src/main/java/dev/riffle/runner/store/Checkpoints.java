package dev.riffle.runner.store;

import dev.riffle.api.store.StoreException;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * The checkpoint format: UTF-8 text, a version line, then one line per input partition with the next
 * offset to read, sorted by topic and partition (topic names never contain spaces):
 *
 * <pre>
 * riffle-checkpoint 1
 * visits 0 1234
 * visits 1 998
 * </pre>
 */
public final class Checkpoints {

    static final String HEADER = "riffle-checkpoint 1";

    private Checkpoints() {
    }

    /** The stored form of {@code nextOffsets}. */
    public static byte[] encode(Map<TopicPartition, Long> nextOffsets) {
        final StringBuilder text = new StringBuilder(HEADER).append('\n');
        nextOffsets.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<TopicPartition, Long> e) -> e.getKey().topic())
                        .thenComparingInt(e -> e.getKey().partition()))
                .forEach(e -> text.append(e.getKey().topic()).append(' ').append(e.getKey().partition()).append(' ')
                        .append(e.getValue()).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a stored checkpoint.
     *
     * @param where names the store and task, for the error message
     * @throws StoreException (not retriable) if the bytes are not a checkpoint of this format
     */
    public static Map<TopicPartition, Long> decode(byte[] stored, String where) {
        final String[] lines = new String(stored, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !HEADER.equals(lines[0])) {
            throw corrupt(where, "it does not start with '" + HEADER + "'");
        }
        final Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            final String[] parts = lines[i].split(" ");
            try {
                if (parts.length != 3) {
                    throw new NumberFormatException("expected 3 fields");
                }
                offsets.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                throw corrupt(where, "line " + (i + 1) + " '" + lines[i] + "' is not '<topic> <partition> <offset>'");
            }
        }
        return offsets;
    }

    private static StoreException corrupt(String where, String why) {
        return new StoreException("The checkpoint of " + where + " cannot be read: " + why + ". Delete the"
                + " checkpoint key (see docs/state.md) to restart the task from its Kafka group offsets.", false);
    }
}
