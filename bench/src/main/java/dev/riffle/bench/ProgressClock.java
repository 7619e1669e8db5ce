package dev.riffle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Times a run by watching the job's own count of processed events: the clock starts at the first
 * counted event and stops when the count reaches the target. Every mode is timed this way, so the
 * job's start-up (JVM, group join, rebalance) is excluded from the rate and reported separately.
 */
final class ProgressClock {

    private static final long POLL_MICROS = 500;

    private ProgressClock() {
    }

    /**
     * Waits until {@code counted} reaches {@code target}.
     *
     * @param startNanos when the run started (before the job was built)
     * @param failed true when the job has stopped by itself, which ends the wait with an error
     * @param timeoutSeconds give up after this long without reaching the target
     */
    static RunResult await(final long startNanos, final long target, final LongSupplier counted,
                           final BooleanSupplier failed, final long timeoutSeconds) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long first = 0;
        long seen = 0;
        while (seen < target) {
            seen = counted.getAsLong();
            final long now = System.nanoTime();
            if (seen > 0 && first == 0) {
                first = now;
            }
            if (failed.getAsBoolean()) {
                throw new IllegalStateException("The job stopped after counting " + seen + " of " + target
                        + " events; see its log above for the cause.");
            }
            if (now > deadline) {
                throw new IllegalStateException("The job counted only " + seen + " of " + target + " events in "
                        + timeoutSeconds + " s; raise --timeout or look for errors in its log.");
            }
            TimeUnit.MICROSECONDS.sleep(POLL_MICROS);
        }
        final long end = System.nanoTime();
        return new RunResult(seen, end - first, end - startNanos, peakRssKb());
    }

    /** This process's peak resident set ({@code VmHWM}) in KiB, or -1 off Linux. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
