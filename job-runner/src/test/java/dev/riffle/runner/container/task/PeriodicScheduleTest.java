package dev.riffle.runner.container.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeriodicScheduleTest {

    @Test
    void shouldBeDueOnePeriodAfterTheStartAndKeepItsCadence() {
        final PeriodicSchedule s = new PeriodicSchedule(1000, 5000);

        assertThat(s.isDue(5999)).isFalse();
        assertThat(s.isDue(6000)).isTrue();
        s.ran(6010);
        assertThat(s.isDue(6999)).isFalse();
        assertThat(s.isDue(7000)).isTrue();
        assertThat(s.millisUntilDue(6500)).isEqualTo(500);
    }

    @Test
    void shouldNotBurstAfterFallingBehind() {
        final PeriodicSchedule s = new PeriodicSchedule(1000, 0);

        s.ran(10_500);

        assertThat(s.isDue(10_600)).isFalse();
        assertThat(s.isDue(11_500)).isTrue();
    }

    @Test
    void shouldNeverBeDueWhenDisabled() {
        final PeriodicSchedule s = new PeriodicSchedule(-1, 0);

        assertThat(s.isDue(Long.MAX_VALUE - 1)).isFalse();
        assertThat(s.millisUntilDue(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(s.enabled()).isFalse();
    }

    @Test
    void shouldRestartThePeriodAfterAnOutOfScheduleRun() {
        final PeriodicSchedule s = new PeriodicSchedule(1000, 0);

        s.restart(700);

        assertThat(s.isDue(1000)).isFalse();
        assertThat(s.isDue(1700)).isTrue();
    }
}
