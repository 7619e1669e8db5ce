package dev.riffle.runner.protocol;

import java.util.List;

/**
 * A distribution as it travels: {@code bounds} (upper bounds, +Inf left out), {@code counts} per
 * bucket (not cumulative, one more than {@code bounds}), the {@code sum} of the values and the
 * {@code count} (the bucket total).
 */
public record Histogram(List<Double> bounds, List<Long> counts, double sum, long count) {

    public Histogram {
        bounds = bounds == null ? List.of() : List.copyOf(bounds);
        counts = counts == null ? List.of() : List.copyOf(counts);
    }

    /** Whether it has one count per bound plus one for +Inf, as a renderer needs. */
    public boolean wellFormed() {
        return counts.size() == bounds.size() + 1;
    }
}
