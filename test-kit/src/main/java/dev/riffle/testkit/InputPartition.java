package dev.riffle.testkit;

import java.util.Comparator;
import java.util.Objects;

/**
 * One partition of an input topic, the key of {@link TaskTestDriver#committedOffsets()} and of
 * {@link TaskMetricsSnapshot#lag()}. Prints as {@code topic-partition}, Kafka's usual notation.
 *
 * @param topic the input topic
 * @param partition the partition number, from 0
 */
public record InputPartition(String topic, int partition) implements Comparable<InputPartition> {

    private static final Comparator<InputPartition> ORDER =
            Comparator.comparing(InputPartition::topic).thenComparingInt(InputPartition::partition);

    public InputPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("A partition number is 0 or more; got " + partition + " for " + topic);
        }
    }

    /** By topic, then partition number. */
    @Override
    public int compareTo(final InputPartition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
