package dev.riffle.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultPlanTest {

    private static final EnumSet<FaultKind> ALL_REDIS = EnumSet.complementOf(EnumSet.of(FaultKind.CASSANDRA_RESTART));

    @Test
    void shouldGiveTheSamePlanForTheSameSeed() {
        assertThat(FaultPlan.of(ALL_REDIS, 3, 900, 30, 2, 5)).isEqualTo(FaultPlan.of(ALL_REDIS, 3, 900, 30, 2, 5));
        assertThat(FaultPlan.of(ALL_REDIS, 3, 900, 30, 2, 5)).isNotEqualTo(FaultPlan.of(ALL_REDIS, 3, 900, 30, 2, 6));
    }

    @Test
    void shouldPlanEveryKindTheAmKillsAndMoreContainerKillsWithoutOverlap() {
        final FaultPlan plan = FaultPlan.of(ALL_REDIS, 3, 900, 30, 2, 11);
        for (FaultKind kind : ALL_REDIS) {
            assertThat(plan.count(kind)).as(kind.id).isGreaterThanOrEqualTo(1);
        }
        assertThat(plan.count(FaultKind.AM_KILL)).isEqualTo(3);
        assertThat(plan.count(FaultKind.CONTAINER_KILL)).isGreaterThan(1);
        final List<FaultPlan.Planned> faults = plan.faults();
        assertThat(faults.get(0).atSeconds()).isGreaterThanOrEqualTo(FaultPlan.WARMUP_SECONDS);
        for (int i = 1; i < faults.size(); i++) {
            final FaultPlan.Planned before = faults.get(i - 1);
            assertThat(faults.get(i).atSeconds()).as("fault %d starts after fault %d's slot", i + 1, i)
                    .isGreaterThanOrEqualTo(before.atSeconds() + before.kind().slotSeconds(30));
        }
        final FaultPlan.Planned last = faults.get(faults.size() - 1);
        assertThat(last.atSeconds() + last.kind().slotSeconds(30)).isLessThanOrEqualTo(900 - FaultPlan.TAIL_SECONDS);
        faults.stream().filter(f -> f.kind().scope == FaultKind.Scope.CONTAINER)
                .forEach(f -> assertThat(f.container()).isBetween(0, 1));
    }

    @Test
    void shouldRefuseADurationTooShortForTheFaults() {
        assertThatThrownBy(() -> FaultPlan.of(ALL_REDIS, 3, 300, 30, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least --duration");
    }
}
