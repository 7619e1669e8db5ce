package dev.riffle.runner.container;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM / Ctrl-C handling of a Riffle process: the JVM shutdown hook asks the run loops to stop
 * (they commit every task and close), waits for them, then ends the process with their exit status,
 * so a graceful kill exits 0. Log4j's own shutdown hook is disabled in Riffle's log4j2.xml so that
 * the final commit can still log.
 */
public final class ShutdownHook {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);

    /** How long the hook waits for the loops to commit before giving up. */
    static final long GRACE_SECONDS = 60;

    private ShutdownHook() {
    }

    /**
     * Installs the hook.
     *
     * @param what the process, for the log (e.g. {@code container 0 of job visitor-counter-1})
     * @param requestStop asks every loop to stop
     * @param finished counted down once every loop has stopped and the exit status is known
     * @param exitStatus the status to exit with once {@code finished}
     */
    public static void install(final String what, final Runnable requestStop, final CountDownLatch finished,
                               final IntSupplier exitStatus) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 1;
            try {
                if (finished.getCount() > 0) {
                    LOG.info("Stop signal received: {} commits every task and stops.", what);
                    requestStop.run();
                }
                if (finished.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    status = exitStatus.getAsInt();
                } else {
                    LOG.error("{} did not stop within {} s of the stop signal; exiting without a final commit.",
                            what, GRACE_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("Stopping {} failed: {}", what, e.toString(), e);
            } finally {
                // Exit with the loops' status, not the signal's (143), so a graceful kill is a success.
                Runtime.getRuntime().halt(status);
            }
        }, "riffle-shutdown"));
    }
}
