package dev.riffle.chaos;

import java.util.SplittableRandom;

/**
 * The seeded visits a run sends, in the visitor counter's input format (docs/visitor-counter.md):
 * {@code {"visitor":"v-42","action":"view","ts":...}} keyed by the visitor. Event {@code i} happens at
 * {@code startTs + i * stepMs}, so event time runs {@code stepMs * rate / 1000} times faster than the wall
 * clock and the 30-minute window slides within a short run. Event time goes in cycles of 60 minutes: in the
 * first 20 of each, visitors come from the regular population and from a wave of new visitors (ids fresh
 * each cycle); in the other 40 only the regulars visit. The distinct count so climbs above the wave's
 * threshold and falls back below the re-arm level once the wave is 30 minutes old, every cycle.
 *
 * <p>This class is the harness's own; it shares no code with the job (nor with the example's generator).
 */
final class Traffic {

    static final long MINUTE_MS = 60_000;
    static final long CYCLE_MINUTES = 60;
    static final long WAVE_MINUTES = 20;
    private static final String[] ACTIONS = {"search", "view", "view", "view", "book", "login", "filter"};

    /** One visit; {@link #json()} is the record value. */
    record Visit(long index, String visitor, long ts) {
        String json(final String action) {
            return "{\"visitor\":\"" + visitor + "\",\"action\":\"" + action + "\",\"ts\":" + ts + "}";
        }
    }

    private final SplittableRandom random;
    private final long startTs;
    private final long stepMs;
    private final int regulars;
    private final int wave;
    private long next;

    /**
     * @param seed the run's seed
     * @param startTs event time of the first visit, epoch ms (a minute boundary keeps the cycles aligned)
     * @param stepMs event time between consecutive visits
     * @param regulars size of the regular population ({@code v-0 ..})
     * @param wave size of each cycle's wave of new visitors ({@code w<cycle>-0 ..})
     */
    Traffic(final long seed, final long startTs, final long stepMs, final int regulars, final int wave) {
        if (stepMs <= 0 || regulars <= 0 || wave < 0) {
            throw new IllegalArgumentException("step must be positive, regulars positive, wave not negative");
        }
        this.random = new SplittableRandom(seed);
        this.startTs = startTs;
        this.stepMs = stepMs;
        this.regulars = regulars;
        this.wave = wave;
    }

    /** The next visit and its action. */
    Visit next(final String[] action) {
        final long i = next++;
        final long ts = startTs + i * stepMs;
        final long minute = (ts - startTs) / MINUTE_MS;
        final long cycle = minute / CYCLE_MINUTES;
        final boolean inWave = minute % CYCLE_MINUTES < WAVE_MINUTES;
        final int draw = random.nextInt(regulars + (inWave ? wave : 0));
        action[0] = ACTIONS[random.nextInt(ACTIONS.length)];
        final String visitor = draw < regulars ? "v-" + draw : "w" + cycle + "-" + (draw - regulars);
        return new Visit(i, visitor, ts);
    }
}
