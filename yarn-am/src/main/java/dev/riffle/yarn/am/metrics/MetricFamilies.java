package dev.riffle.yarn.am.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import dev.riffle.runner.protocol.Histogram;

/**
 * Collects data points into metric families (one name, type and help each, many label sets) in the
 * order they were first used, and turns them into the Prometheus client's model. A family's name
 * is given without the {@code _total} a counter gets when written.
 */
final class MetricFamilies {

    private final Map<String, MetricSnapshot.Builder<?>> families = new LinkedHashMap<>();

    /** Adds a counter data point; a {@code null} value (not reported) adds nothing. */
    void counter(final String name, final String help, final Labels labels, final Number value) {
        if (value == null) {
            return;
        }
        final CounterSnapshot.Builder family = (CounterSnapshot.Builder) families.computeIfAbsent(name,
                n -> CounterSnapshot.builder().name(n).help(help));
        family.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
                .value(value.doubleValue()).build());
    }

    /** Adds a gauge data point; a {@code null} value (not reported) adds nothing. */
    void gauge(final String name, final String help, final Labels labels, final Number value) {
        if (value == null) {
            return;
        }
        final GaugeSnapshot.Builder family = (GaugeSnapshot.Builder) families.computeIfAbsent(name,
                n -> GaugeSnapshot.builder().name(n).help(help));
        family.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value.doubleValue()).build());
    }

    /** Adds a histogram data point from a container's report; an absent or malformed one adds nothing. */
    void histogram(final String name, final String help, final Labels labels, final Histogram report) {
        if (report == null || !report.wellFormed()) {
            return;
        }
        final List<Double> bounds = report.bounds();
        final List<Long> counts = report.counts();
        final double[] upper = new double[counts.size()];
        final long[] perBucket = new long[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            upper[i] = i < bounds.size() ? bounds.get(i) : Double.POSITIVE_INFINITY;
            perBucket[i] = counts.get(i);
        }
        final HistogramSnapshot.Builder family = (HistogramSnapshot.Builder) families.computeIfAbsent(name,
                n -> HistogramSnapshot.builder().name(n).help(help));
        family.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, perBucket)).sum(report.sum()).build());
    }

    /** Every family built. */
    MetricSnapshots build() {
        final MetricSnapshots.Builder all = MetricSnapshots.builder();
        families.values().forEach(f -> all.metricSnapshot(f.build()));
        return all.build();
    }
}
