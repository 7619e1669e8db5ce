package dev.riffle.api;

/**
 * A task's own metrics, published next to the runtime's (JMX now, Prometheus through the
 * application master). Names are scoped to the task; use lowercase words separated by dashes.
 * Thread-safe.
 */
public interface TaskMetrics {

    /** Adds {@code delta} to the counter {@code name}, creating it at zero on first use. */
    void increment(String name, long delta);

    /** Sets the gauge {@code name} to {@code value}. */
    void gauge(String name, long value);
}
