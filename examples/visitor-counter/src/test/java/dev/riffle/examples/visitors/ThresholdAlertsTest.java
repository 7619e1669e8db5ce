package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdAlertsTest {

    @Test
    void shouldAlertOncePerCrossingAndRearmBelowTheHysteresis() {
        final ThresholdAlerts alerts = new ThresholdAlerts(100, 0.05);
        assertThat(alerts.observe(99)).isNull();
        assertThat(alerts.observe(100)).isEqualTo(new ThresholdAlerts.Alert(ThresholdAlerts.Kind.THRESHOLD_CROSSED, 1, 100));
        assertThat(alerts.observe(150)).isNull();
        assertThat(alerts.observe(96)).as("96 is not below 95").isNull();
        assertThat(alerts.observe(95)).as("95 is not below 95").isNull();
        assertThat(alerts.observe(94)).isEqualTo(new ThresholdAlerts.Alert(ThresholdAlerts.Kind.BACK_BELOW, 2, 94));
        assertThat(alerts.observe(99)).isNull();
        assertThat(alerts.observe(101)).isEqualTo(new ThresholdAlerts.Alert(ThresholdAlerts.Kind.THRESHOLD_CROSSED, 3, 101));
    }

    @Test
    void shouldContinueTheSequenceAfterRestore() {
        final ThresholdAlerts alerts = new ThresholdAlerts(10, 0.5);
        alerts.restore(false, 7);
        assertThat(alerts.observe(20)).isNull();
        assertThat(alerts.observe(4)).isEqualTo(new ThresholdAlerts.Alert(ThresholdAlerts.Kind.BACK_BELOW, 8, 4));
    }
}
