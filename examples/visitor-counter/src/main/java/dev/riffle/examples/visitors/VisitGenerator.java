package dev.riffle.examples.visitors;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A deterministic stream of synthetic visit events: the same options always give the same events, so
 * a test can compute the expected count from the generator instead of from the job's output.
 *
 * <p>Event {@code i} happens at {@code startTs + i * stepMs}. Its visitor is drawn from
 * {@code v-0 .. v-<visitors-1>}; during the burst, events come from new visitors {@code b-0, b-1, ...}
 * instead, so the distinct count jumps at a known moment.
 */
public final class VisitGenerator implements Iterable<VisitGenerator.Event> {

    private static final String[] ACTIONS = {"search", "view", "view", "view", "book", "login", "filter"};

    /** One generated event; {@code json()} is what goes on the topic, keyed by {@code visitor}. */
    public record Event(long index, String visitor, String action, long ts) {
        public String json() {
            return "{\"visitor\":\"" + visitor + "\",\"action\":\"" + action + "\",\"ts\":" + ts + "}";
        }
    }

    /**
     * @param count number of events
     * @param visitors size of the regular visitor population
     * @param seed random seed
     * @param startTs event time of the first event, epoch ms
     * @param stepMs event time between consecutive events
     * @param burstAt index of the first burst event, or -1 for no burst
     * @param burstSize number of burst events, each from a new visitor
     */
    public record Options(long count, int visitors, long seed, long startTs, long stepMs, long burstAt, long burstSize) {
        public Options {
            if (count < 0 || visitors <= 0 || stepMs < 0 || burstSize < 0) {
                throw new IllegalArgumentException("count, step and burst size must not be negative, visitors must be positive");
            }
        }
    }

    private final Options options;

    public VisitGenerator(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public Iterator<Event> iterator() {
        final SplittableRandom random = new SplittableRandom(options.seed());
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < options.count();
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                final long i = next++;
                final int who = random.nextInt(options.visitors());
                final String action = ACTIONS[random.nextInt(ACTIONS.length)];
                final boolean inBurst = options.burstAt() >= 0 && i >= options.burstAt()
                        && i < options.burstAt() + options.burstSize();
                final String visitor = inBurst ? "b-" + (i - options.burstAt()) : "v-" + who;
                return new Event(i, visitor, action, options.startTs() + i * options.stepMs());
            }
        };
    }
}
