package dev.riffle.grid;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.riffle.grid.service.PidRecord;

/**
 * The grid's processes as the file system and /proc show them: PID files and recorded addresses under
 * {@code <grid home>/run}, JVMs found by their command-line markers when a PID file was lost, and YARN
 * containers found by their working directory.
 */
final class GridProcesses {

    private final GridSettings settings;

    GridProcesses(final GridSettings settings) {
        this.settings = settings;
    }

    /** The JVM options that mark a process as this grid's {@code component}. */
    List<String> markers(final Component component) {
        return List.of("-Driffle.grid.home=" + settings.home(), "-Driffle.grid.component=" + component.id());
    }

    Path pidFile(final Component component) {
        return settings.runDir().resolve(component.id() + ".pid");
    }

    /** The running process of {@code component}, when its PID file names a live process. */
    Optional<ProcessHandle> running(final Component component) {
        return PidRecord.read(pidFile(component)).flatMap(PidRecord::live);
    }

    /** Remembers the addresses a started component uses, for a later status or stop. */
    void record(final Component component) {
        write(settings.runDir().resolve(component.id() + ".address"), settings.address(component));
        if (component == Component.YARN_RM || component == Component.YARN_NM) {
            write(settings.runDir().resolve(component.id() + ".web-port"), Integer.toString(settings.rmWebPort()));
        }
    }

    /** The address {@code component} was started with (its ports may have come from the environment). */
    String recordedAddress(final Component component) {
        return read(settings.runDir().resolve(component.id() + ".address")).orElse(settings.address(component));
    }

    int recordedPort(final Component component) {
        final String address = recordedAddress(component);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    int recordedRmWebPort() {
        return read(settings.runDir().resolve("yarn-rm.web-port"))
                .or(() -> read(settings.runDir().resolve("yarn-nm.web-port")))
                .map(Integer::parseInt).orElse(settings.rmWebPort());
    }

    void forget(final Component component) {
        for (String suffix : List.of(".pid", ".address", ".web-port")) {
            try {
                Files.deleteIfExists(settings.runDir().resolve(component.id() + suffix));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + component.id() + suffix + " in " + settings.runDir(), e);
            }
        }
    }

    /**
     * Processes of this grid's {@code component} that no PID file names: JVMs by their markers,
     * redis-server by its working directory.
     */
    List<ProcessHandle> strays(final Component component) {
        final Optional<Long> known = running(component).map(ProcessHandle::pid);
        return ProcessHandle.allProcesses()
                .filter(p -> known.isEmpty() || p.pid() != known.get())
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> component.isJava() ? hasMarkers(p, component)
                        : commandLine(p).startsWith("redis-server") && cwd(p).equals(settings.home().resolve("redis")))
                .collect(Collectors.toList());
    }

    private boolean hasMarkers(final ProcessHandle process, final Component component) {
        final List<String> args = arguments(process);
        return args.containsAll(markers(component));
    }

    /** YARN containers: processes whose working directory is under the NodeManager's local dirs. */
    List<ProcessHandle> containers() {
        final Path local = settings.yarnDir().resolve("nm-local");
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cwd(p).startsWith(local))
                .collect(Collectors.toList());
    }

    /** SIGTERM, up to {@code seconds} of waiting, then SIGKILL; prints what happened on {@code out}. */
    static void terminate(final String name, final ProcessHandle process, final int seconds, final PrintStream out) {
        final long began = System.nanoTime();
        if (!process.destroy()) {
            return;
        }
        if (!waitGone(process, seconds)) {
            System.err.printf("grid: warning: %s (PID %d) did not stop within %d s after SIGTERM; sending SIGKILL.%n",
                    name, process.pid(), seconds);
            process.destroyForcibly();
            if (!waitGone(process, 10)) {
                System.err.printf("grid: warning: %s (PID %d) survived SIGKILL; check it with: ps -p %d%n",
                        name, process.pid(), process.pid());
            }
        }
        out.printf("Stopped %s (PID %d) in %s s.%n", name, process.pid(), GridClock.secondsSince(began));
    }

    private static boolean waitGone(final ProcessHandle process, final int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    /** The process's command line, as /proc shows it (redis-server rewrites its own). */
    static String commandLine(final ProcessHandle process) {
        return String.join(" ", arguments(process));
    }

    private static List<String> arguments(final ProcessHandle process) {
        try {
            final byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(process.pid()), "cmdline"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Path cwd(final ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Paths.get("/proc", Long.toString(process.pid()), "cwd"));
        } catch (IOException | RuntimeException e) {
            return Paths.get("/nonexistent");
        }
    }

    private static void write(final Path file, final String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static Optional<String> read(final Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().map(String::trim).filter(s -> !s.isEmpty());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

}
