package dev.riffle.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process a fixture forked: its output goes to a log file, its PID to a file in the
 * fixture directory (so a later run can kill it if this JVM died without stopping it), and it is
 * stopped with SIGTERM, then SIGKILL after a grace period.
 */
final class ServiceProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    /** Each record in a fixture directory: "{@code <pid> <start instant millis>}". */
    private static final String PID_SUFFIX = ".service-pid";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ServiceProcess(final String name, final Process process, final Path logFile, final Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} in {@code workDir}, appending its stdout and stderr to {@code logFile}.
     *
     * @param name what the process is, for messages ("the Kafka broker")
     */
    static ServiceProcess start(final String name, final List<String> command, final Path workDir,
                                final Path logFile, final Map<String, String> extraEnv) {
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        builder.environment().putAll(extraEnv);
        final Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " with `" + String.join(" ", command) + "`", e);
        }
        final String tag = logFile.getFileName().toString().replaceFirst("\\.log$", "");
        final Path pidFile = workDir.resolve(tag + PID_SUFFIX);
        final long started = process.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        try {
            Files.writeString(pidFile, process.pid() + " " + started);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("Cannot write the PID file " + pidFile + " for " + name, e);
        }
        LOG.debug("Started {} as PID {}; its output goes to {}.", name, process.pid(), logFile);
        return new ServiceProcess(name, process, logFile, pidFile);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** Whether the log already holds {@code text}. */
    boolean logContains(final String text) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until {@code ready} returns true, failing early when the process exits, and with a message
     * that names the log file when the timeout passes.
     */
    void awaitReady(final String what, final Duration timeout, final Callable<Boolean> ready) {
        try {
            Awaitility.await(name + " " + what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .failFast(name + " exited", () -> !process.isAlive())
                    .until(ready);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " (PID " + pid() + ") did not become ready within "
                    + timeout.toSeconds() + " s (" + what + "). See its log " + logFile + ". Last lines:\n"
                    + tail(30), e);
        } catch (TerminalFailureException e) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue()
                    + " while starting (" + what + "). See its log " + logFile + ". Last lines:\n" + tail(30), e);
        }
    }

    /** Waits for a short-lived tool to finish and fails, quoting its log, unless it exits with 0. */
    void awaitExit(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ofSeconds(5));
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds()
                        + " s. See its log " + logFile + ". Last lines:\n" + tail(30));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name + ".", e);
        }
        stop(Duration.ZERO);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit status " + process.exitValue()
                    + ". See its log " + logFile + ". Last lines:\n" + tail(30));
        }
    }

    /** SIGTERM, then SIGKILL when {@code grace} passes; always returns with the process gone. */
    void stop(final Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} (PID {}) did not stop within {} s of SIGTERM; killing it.",
                            name, pid(), grace.toSeconds());
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("Cannot delete the PID file {} of {}.", pidFile, name, e);
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(final int lines) {
        try {
            final List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Kills server processes a dead test JVM left behind in {@code fixtureDir}: each PID file names a
     * PID and its start time, so a recycled PID is never hit.
     */
    static void killLeftovers(final Path fixtureDir) {
        try (Stream<Path> files = Files.list(fixtureDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(PID_SUFFIX)).forEach(ServiceProcess::killRecorded);
        } catch (IOException e) {
            LOG.warn("Cannot look for leftover servers in {}.", fixtureDir, e);
        }
    }

    private static void killRecorded(final Path pidFile) {
        try {
            final String[] parts = Files.readString(pidFile).trim().split(" ");
            final long pid = Long.parseLong(parts[0]);
            final long startMillis = Long.parseLong(parts[1]);
            final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && handle.get().info().startInstant()
                    .map(Instant::toEpochMilli).orElse(-1L) == startMillis) {
                LOG.warn("Killing PID {}, a server left running by an earlier test JVM (recorded in {}).",
                        pid, pidFile);
                handle.get().destroyForcibly();
                handle.get().onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("Cannot check the leftover server recorded in {}.", pidFile, e);
        }
    }
}
