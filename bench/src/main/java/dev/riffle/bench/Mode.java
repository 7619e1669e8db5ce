package dev.riffle.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The measured modes, in the order of the result table. */
enum Mode {
    CEILING("ceiling", "bare KafkaConsumer, touch bytes, discard"),
    MEMORY("memory", "Riffle local, visitor counter, memory store"),
    REDIS("redis", "Riffle local, visitor counter, Redis store"),
    CASSANDRA("cassandra", "Riffle local, visitor counter, Cassandra store"),
    YARN("yarn", "Riffle on the grid's YARN, 2 containers, visitor counter, Redis store"),
    STREAMS1("streams1", "Kafka Streams 4.4, RocksDB, 1 stream thread"),
    STREAMS2("streams2", "Kafka Streams 4.4, RocksDB, 2 stream threads");

    private final String label;
    private final String description;

    Mode(final String label, final String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    boolean isStreams() {
        return this == STREAMS1 || this == STREAMS2;
    }

    static Mode fromLabel(final String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + label + "'; the modes are "
                        + labels()));
    }

    static String labels() {
        return Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(","));
    }
}
