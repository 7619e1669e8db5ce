package dev.riffle.runner.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import dev.riffle.runner.protocol.Histogram;

/**
 * A distribution with fixed upper bounds, as a Prometheus histogram has: a count per bucket, the sum
 * and the number of observations. Recording is a binary search and two atomic adds, so it is cheap
 * enough for once per batch or per store call. Thread-safe; readers see each bucket's count as of
 * some moment during the read.
 */
public final class Buckets {

    /** Bounds for durations in seconds: 100 µs to 10 s. */
    public static final double[] SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10};

    /** Bounds for batch sizes in records. */
    public static final double[] RECORDS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    private final double[] bounds;
    /** One count per bound plus one for values above the last bound (+Inf); not cumulative. */
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    /** A distribution with these ascending upper bounds (an implicit +Inf bucket follows the last). */
    public Buckets(final double[] bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("Bucket bounds must ascend strictly; bound " + i + " (" + bounds[i]
                        + ") is not above bound " + (i - 1) + " (" + bounds[i - 1] + ")");
            }
        }
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** Counts one observation. */
    public void observe(final double value) {
        int lo = 0;
        int hi = bounds.length;
        // The first bound >= value (Prometheus buckets are "less than or equal").
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (bounds[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        counts.incrementAndGet(lo);
        sum.add(value);
        count.increment();
    }

    /** Observations so far. */
    public long count() {
        return count.sum();
    }

    /** Sum of the observations so far. */
    public double sum() {
        return sum.sum();
    }

    /**
     * An upper estimate of quantile {@code q} (0..1): the bound of the bucket the quantile falls in;
     * the last bound when it falls above it; 0 without observations.
     */
    public double quantile(final double q) {
        long total = 0;
        final long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
            total += c[i];
        }
        if (total == 0) {
            return 0;
        }
        final double rank = Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < bounds.length; i++) {
            seen += c[i];
            if (seen >= rank) {
                return bounds[i];
            }
        }
        return bounds[bounds.length - 1];
    }

    /**
     * The distribution as it travels in the heartbeat: upper bounds without +Inf, counts per bucket
     * (not cumulative, one more than the bounds), the sum, and the bucket total as the count.
     */
    public Histogram toHistogram() {
        final List<Double> b = new ArrayList<>(bounds.length);
        for (double bound : bounds) {
            b.add(bound);
        }
        final List<Long> c = new ArrayList<>(counts.length());
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            final long n = counts.get(i);
            c.add(n);
            total += n;
        }
        // The bucket total, not count(), so the document is self-consistent under concurrent writes.
        return new Histogram(b, c, sum.sum(), total);
    }
}
