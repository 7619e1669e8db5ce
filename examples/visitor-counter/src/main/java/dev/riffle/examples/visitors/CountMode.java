package dev.riffle.examples.visitors;

/** What the counter counts, from {@code visitors.count}. */
public enum CountMode {
    /** Distinct visitors with at least one event in the window. */
    VISITORS,
    /** Events in the window. */
    EVENTS
}
