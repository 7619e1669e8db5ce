package dev.riffle.examples.visitors;

/**
 * The two fields of a visit event the counter needs: who, and when (event time, epoch ms).
 *
 * @param visitor the visitor id, never blank
 * @param ts the event time in epoch milliseconds
 */
public record Visit(String visitor, long ts) {
}
