package dev.riffle.runner.container.task;

import java.util.HashMap;
import java.util.Map;

import dev.riffle.api.serde.Serde;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.serde.Serdes;

/**
 * The key and value serdes of each topic a container reads or writes
 * ({@code streams.<topic>.key.serde} / {@code .msg.serde}), resolved once per topic. Loop thread only.
 */
public final class TopicSerdes {

    /** A topic's pair of serdes. */
    public record Pair(Serde<Object> key, Serde<Object> value) {
    }

    private final JobConfig config;
    private final Map<String, Pair> byTopic = new HashMap<>();
    private String lastTopic;
    private Pair lastPair;

    public TopicSerdes(final JobConfig config) {
        this.config = config;
    }

    /**
     * The serdes of {@code topic}.
     *
     * @throws dev.riffle.api.config.ConfigException if a configured serde is unknown
     */
    public Pair of(final String topic) {
        // Most tasks send to one topic over and over: skip the map for a repeat.
        if (topic.equals(lastTopic)) {
            return lastPair;
        }
        Pair pair = byTopic.get(topic);
        if (pair == null) {
            pair = new Pair(Serdes.forStreamKey(config, topic), Serdes.forStreamValue(config, topic));
            byTopic.put(topic, pair);
        }
        lastTopic = topic;
        lastPair = pair;
        return pair;
    }
}
