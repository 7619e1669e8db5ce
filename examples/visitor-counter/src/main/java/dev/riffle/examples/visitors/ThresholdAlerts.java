package dev.riffle.examples.visitors;

/**
 * Decides when the count crosses the threshold: one alert per upward crossing, re-armed when the
 * count falls below {@code threshold * (1 - rearmFraction)}. The state is two numbers, saved with
 * the aggregator's state, so a restarted job makes the same decisions and derives the same alert ids.
 */
public final class ThresholdAlerts {

    /** A decision to notify. */
    public enum Kind {
        THRESHOLD_CROSSED("threshold-crossed"),
        BACK_BELOW("back-below");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        /** The {@code type} field of the alert message. */
        public String type() {
            return type;
        }
    }

    /** An alert to send; {@code sequence} numbers every alert of the job, from 1. */
    public record Alert(Kind kind, long sequence, long count) {
    }

    private final long threshold;
    private final long rearmBelow;
    private boolean armed = true;
    private long sequence;

    public ThresholdAlerts(long threshold, double rearmFraction) {
        this.threshold = threshold;
        this.rearmBelow = (long) Math.ceil(threshold * (1.0 - rearmFraction));
    }

    /** Restores saved state. */
    public void restore(boolean armed, long sequence) {
        this.armed = armed;
        this.sequence = sequence;
    }

    /**
     * Looks at a new count.
     *
     * @return the alert to send, or {@code null}
     */
    public Alert observe(long count) {
        if (armed && count >= threshold) {
            armed = false;
            return new Alert(Kind.THRESHOLD_CROSSED, ++sequence, count);
        }
        if (!armed && count < rearmBelow) {
            armed = true;
            return new Alert(Kind.BACK_BELOW, ++sequence, count);
        }
        return null;
    }

    public boolean armed() {
        return armed;
    }

    public long sequence() {
        return sequence;
    }

    public long threshold() {
        return threshold;
    }
}
