package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which event times count as too far in the future, and against which reference. */
class FutureBoundTest {

    private static final long NOW = 1_767_225_600_000L;
    private static final long HOUR = 3_600_000;

    @Test
    void shouldJudgeAgainstTheRecordTimeSoThatAReplayDecidesAsTheFirstRunDid() {
        final FutureBound bound = new FutureBound(HOUR, () -> NOW);
        final long writtenLastMonth = NOW - 30L * 24 * HOUR;
        assertThat(bound.isTooFarAhead(writtenLastMonth + HOUR, writtenLastMonth)).isFalse();
        assertThat(bound.isTooFarAhead(writtenLastMonth + HOUR + 1, writtenLastMonth))
                .as("ahead of its record by more than the bound, though in the past of the clock").isTrue();
        assertThat(bound.isTooFarAhead(writtenLastMonth - 365L * 24 * HOUR, writtenLastMonth))
                .as("old events are the lateness rule's business").isFalse();
    }

    @Test
    void shouldCapTheReferenceByTheWallClockAndUseItWhenTheRecordHasNoTime() {
        final FutureBound bound = new FutureBound(HOUR, () -> NOW);
        assertThat(bound.limit(NOW + 365L * 24 * HOUR)).as("a producer stamping the event time").isEqualTo(NOW + HOUR);
        assertThat(bound.limit(-1)).isEqualTo(NOW + HOUR);
        assertThat(bound.limit(0)).isEqualTo(NOW + HOUR);
    }

    @Test
    void shouldRejectAYearAheadAndMicrosecondTimestamps() {
        final FutureBound bound = new FutureBound(HOUR, () -> NOW);
        assertThat(bound.isTooFarAhead(NOW + 365L * 24 * HOUR, NOW)).isTrue();
        assertThat(bound.isTooFarAhead(NOW * 1_000, NOW)).isTrue();
        assertThat(bound.isTooFarAhead(NOW + HOUR, NOW)).isFalse();
    }

    @Test
    void shouldSaturateInsteadOfOverflowing() {
        final FutureBound bound = new FutureBound(VisitorKeys.MAX_FUTURE_LIMIT_MS, () -> Long.MAX_VALUE - 5);
        assertThat(bound.limit(-1)).isEqualTo(Long.MAX_VALUE);
        assertThat(bound.isTooFarAhead(Long.MAX_VALUE, -1)).isFalse();
    }
}
