package dev.riffle.grid;

import java.util.concurrent.TimeUnit;

/** Elapsed times as the grid prints them: seconds with one decimal ("4.2"). */
final class GridClock {

    private GridClock() {
    }

    static String secondsSince(final long startNanos) {
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return (millis / 1000) + "." + (millis % 1000) / 100;
    }
}
