package dev.riffle.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The seeded schedule of a run: which fault, when (seconds after the traffic starts) and, for container
 * faults, which logical container. The same seed and options always give the same plan. Every selected
 * kind comes once ({@code am-kill} {@code amKills} times); spare time gets more container kills, so the
 * median time to resume after one means something; the rest of the spare time is spread as random gaps.
 */
record FaultPlan(List<Planned> faults) {

    /** Seconds after the start of the traffic before the first fault: the job is running and warm. */
    static final long WARMUP_SECONDS = 40;
    /** Seconds at the end of the traffic without faults: the last one heals and the job resumes. */
    static final long TAIL_SECONDS = 30;

    /** One planned fault; {@code container} is the logical container for container faults, else -1. */
    record Planned(int index, FaultKind kind, long atSeconds, int container) {
    }

    /** The plan, or an {@link IllegalArgumentException} saying how long the run must be for these faults. */
    static FaultPlan of(final Set<FaultKind> kinds, final int amKills, final long durationSeconds, final long stopSeconds,
            final int containers, final long seed) {
        final List<FaultKind> chosen = new ArrayList<>();
        for (FaultKind kind : kinds) {
            final int copies = kind == FaultKind.AM_KILL ? amKills : 1;
            for (int i = 0; i < copies; i++) {
                chosen.add(kind);
            }
        }
        final long available = durationSeconds - WARMUP_SECONDS - TAIL_SECONDS;
        long needed = chosen.stream().mapToLong(k -> k.slotSeconds(stopSeconds)).sum();
        if (needed > available) {
            throw new IllegalArgumentException("--duration " + durationSeconds + " is too short for the faults "
                    + chosen.stream().map(k -> k.id).toList() + ": they need " + needed + " s between a warm-up of "
                    + WARMUP_SECONDS + " s and a quiet tail of " + TAIL_SECONDS + " s, so at least --duration "
                    + (needed + WARMUP_SECONDS + TAIL_SECONDS) + ". Give a longer --duration or fewer --faults.");
        }
        final long killSlot = FaultKind.CONTAINER_KILL.slotSeconds(stopSeconds);
        if (kinds.contains(FaultKind.CONTAINER_KILL)) {
            // Four fifths of the time at most, so the spacing still varies from seed to seed.
            while (needed + killSlot <= available * 4 / 5) {
                chosen.add(FaultKind.CONTAINER_KILL);
                needed += killSlot;
            }
        }
        final Random random = new Random(seed);
        Collections.shuffle(chosen, random);
        final double[] weights = new double[chosen.size() + 1];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.5 + random.nextDouble();
            total += weights[i];
        }
        final long spare = available - needed;
        final List<Planned> planned = new ArrayList<>();
        long at = WARMUP_SECONDS;
        for (int i = 0; i < chosen.size(); i++) {
            at += Math.round(spare * weights[i] / total);
            final FaultKind kind = chosen.get(i);
            final int container = kind.scope == FaultKind.Scope.CONTAINER ? random.nextInt(containers) : -1;
            planned.add(new Planned(i + 1, kind, at, container));
            at += kind.slotSeconds(stopSeconds);
        }
        return new FaultPlan(List.copyOf(planned));
    }

    long count(final FaultKind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }
}
