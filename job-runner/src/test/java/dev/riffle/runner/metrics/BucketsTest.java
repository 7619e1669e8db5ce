package dev.riffle.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void shouldCountAValueInTheFirstBucketWhoseBoundIsAtLeastTheValue() {
        final Buckets b = new Buckets(new double[] {1, 10, 100});
        b.observe(0.5);
        b.observe(1);
        b.observe(10);
        b.observe(11);
        b.observe(1000);

        final Map<String, Object> m = b.toMap();

        assertThat(m.get("bounds")).isEqualTo(List.of(1.0, 10.0, 100.0));
        assertThat(m.get("counts")).isEqualTo(List.of(2L, 1L, 1L, 1L));
        assertThat(m.get("count")).isEqualTo(5L);
        assertThat((Double) m.get("sum")).isEqualTo(1022.5);
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
