package dev.riffle.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.riffle.runner.protocol.Histogram;

class BucketsTest {

    @Test
    void shouldCountAValueInTheFirstBucketWhoseBoundIsAtLeastTheValue() {
        final Buckets b = new Buckets(new double[] {1, 10, 100});
        b.observe(0.5);
        b.observe(1);
        b.observe(10);
        b.observe(11);
        b.observe(1000);

        final Histogram h = b.toHistogram();

        assertThat(h.bounds()).isEqualTo(List.of(1.0, 10.0, 100.0));
        assertThat(h.counts()).isEqualTo(List.of(2L, 1L, 1L, 1L));
        assertThat(h.count()).isEqualTo(5L);
        assertThat(h.sum()).isEqualTo(1022.5);
    }

    @Test
    void shouldEstimateQuantilesAsTheBoundOfTheirBucket() {
        final Buckets b = new Buckets(new double[] {1, 10, 100});
        assertThat(b.quantile(0.5)).isZero();
        for (int i = 0; i < 90; i++) {
            b.observe(0.3);
        }
        for (int i = 0; i < 10; i++) {
            b.observe(50);
        }

        assertThat(b.quantile(0.5)).isEqualTo(1.0);
        assertThat(b.quantile(0.9)).isEqualTo(1.0);
        assertThat(b.quantile(0.99)).isEqualTo(100.0);
    }

    @Test
    void shouldRejectBoundsThatDoNotAscend() {
        assertThatThrownBy(() -> new Buckets(new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
    }
}
