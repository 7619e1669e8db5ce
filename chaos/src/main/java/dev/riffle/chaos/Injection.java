package dev.riffle.chaos;

import java.util.Set;

/**
 * A fault as it was injected: when it began and when it was healed (epoch ms; the same for instant
 * faults), what it hit, the partitions whose progress shows the job resumed, and what was seen meanwhile.
 * {@code error} is set when the fault could not be injected.
 */
record Injection(FaultPlan.Planned planned, long injectedMs, long healedMs, String target, Set<Integer> affected,
        String notes, String error) {

    static Injection notInjected(final FaultPlan.Planned planned, final long atMs, final String error) {
        return new Injection(planned, atMs, atMs, "-", Set.of(), "", error);
    }

    boolean injected() {
        return error == null;
    }
}
