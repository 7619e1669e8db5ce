package dev.riffle.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds processes in {@code /proc} and signals them with {@code kill}. Only processes below the run's
 * grid home are ever looked for: the harness must not touch anything it did not start.
 */
final class ProcessTable {

    private ProcessTable() {
    }

    /** The command line of a process, arguments separated by spaces (with a trailing one), or "". */
    static String cmdline(final long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The processes of a YARN container: those whose working directory is the container's directory below
     * the NodeManager's local dirs ({@code .../appcache/<application>/<container>}), which the launch
     * shell and the JVM it starts share.
     */
    static List<Long> ofContainer(final Path nodeManagerLocalDirs, final String containerId) {
        final List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    final Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
                    if (cwd.startsWith(nodeManagerLocalDirs) && cwd.getFileName() != null
                            && cwd.getFileName().toString().equals(containerId)) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | UnsupportedOperationException | SecurityException e) {
                    // Gone meanwhile, or not ours to read: not a process of this grid.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc to find the processes of " + containerId + ": " + e, e);
        }
        return pids;
    }

    static boolean alive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Sends {@code signal} (KILL, STOP, CONT) to the processes; returns what kill printed on failure, or "". */
    static String signal(final Commands commands, final String signal, final List<Long> pids) {
        if (pids.isEmpty()) {
            return "no process to signal";
        }
        final List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        final Commands.Result result = commands.run(java.time.Duration.ofSeconds(10), command);
        return result.ok() ? "" : result.output().trim();
    }
}
