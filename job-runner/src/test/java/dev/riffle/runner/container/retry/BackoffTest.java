package dev.riffle.runner.container.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleFromOneHundredMillisecondsUpToFiveSeconds() {
        final Backoff backoff = Backoff.standard();
        final List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(backoff.nextDelayMs());
        }

        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(backoff.attempts()).isEqualTo(9);
    }

    @Test
    void shouldStartOverAfterReset() {
        final Backoff backoff = new Backoff(10, 100);
        backoff.nextDelayMs();
        backoff.nextDelayMs();

        backoff.reset();

        assertThat(backoff.nextDelayMs()).isEqualTo(10);
        assertThat(backoff.attempts()).isEqualTo(1);
    }
}
