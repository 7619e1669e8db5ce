package dev.riffle.grid.service;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process a fixture or the grid forked: its output goes to a log file, its PID and start
 * time to a PID file (so a later run can find it again, or kill it if the JVM that started it died),
 * and it is stopped with SIGTERM, then SIGKILL after a grace period.
 */
public final class ServiceProcess {

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
    public static ServiceProcess start(final String name, final List<String> command, final Path workDir,
                                       final Path logFile, final Map<String, String> extraEnv) {
        final String tag = logFile.getFileName().toString().replaceFirst("\\.log$", "");
        return start(name, command, workDir, logFile, workDir.resolve(tag + PID_SUFFIX), extraEnv);
    }

    /**
     * Starts {@code command} in a session of its own ({@code setsid}, which execs in place, so the PID
     * is the server's): it outlives this JVM and no terminal's Ctrl-C reaches it. The grid's way.
     */
    public static ServiceProcess startDetached(final String name, final List<String> command, final Path workDir,
                                               final Path logFile, final Path pidFile, final Map<String, String> extraEnv) {
        final List<String> detached = new ArrayList<>();
        detached.add("setsid");
        detached.addAll(command);
        return start(name, detached, workDir, logFile, pidFile, extraEnv);
    }

    private static ServiceProcess start(final String name, final List<String> command, final Path workDir,
                                        final Path logFile, final Path pidFile, final Map<String, String> extraEnv) {
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
        try {
            Files.writeString(pidFile, PidRecord.of(process.toHandle()).text());
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("Cannot write the PID file " + pidFile + " for " + name, e);
        }
        LOG.debug("Started {} as PID {}; its output goes to {}.", name, process.pid(), logFile);
        return new ServiceProcess(name, process, logFile, pidFile);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Whether the log already holds {@code text}. */
    public boolean logContains(final String text) {
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
    public void awaitReady(final String what, final Duration timeout, final Callable<Boolean> ready) {
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
    public void awaitExit(final Duration timeout) {
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
    public void stop(final Duration grace) {
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

    /** The exit status, once the process is gone. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String tail(final int lines) {
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
    public static void killLeftovers(final Path fixtureDir) {
        try (Stream<Path> files = Files.list(fixtureDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(PID_SUFFIX)).forEach(ServiceProcess::killRecorded);
        } catch (IOException e) {
            LOG.warn("Cannot look for leftover servers in {}.", fixtureDir, e);
        }
    }

    private static void killRecorded(final Path pidFile) {
        PidRecord.read(pidFile).flatMap(PidRecord::live).ifPresent(handle -> {
            LOG.warn("Killing PID {}, a server left running by an earlier test JVM (recorded in {}).",
                    handle.pid(), pidFile);
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("The leftover server PID {} recorded in {} did not exit after SIGKILL.", handle.pid(), pidFile, e);
            }
        });
    }
}
