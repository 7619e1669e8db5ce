package dev.riffle.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's scripts and small system tools (kill, redis-cli) as child processes with the
 * grid's environment; their output is appended to the run's command log and returned.
 */
final class Commands {

    /** What a command printed and how it ended. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final Path repo;
    private final Map<String, String> env;
    private final Path log;

    Commands(final Path repo, final Map<String, String> env, final Path log) {
        this.repo = repo;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    Path repo() {
        return repo;
    }

    /** Runs {@code command} from the repository root; a command that outlives {@code timeout} is killed. */
    Result run(final Duration timeout, final List<String> command) {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        final long started = System.nanoTime();
        try {
            final Process process = builder.start();
            process.getOutputStream().close();
            final StringBuilder out = new StringBuilder();
            final Thread reader = new Thread(() -> {
                try {
                    out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append("(output unreadable: ").append(e.getMessage()).append(')');
                }
            }, "chaos-command-output");
            reader.start();
            final boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            reader.join(5_000);
            final int exit = ended ? process.exitValue() : -1;
            final String output = out.toString();
            append(command, exit, output, (System.nanoTime() - started) / 1_000_000, ended);
            return new Result(exit, ended ? output : output + "\n(killed after " + timeout.toSeconds() + " s)");
        } catch (IOException e) {
            append(command, -1, e.toString(), 0, true);
            return new Result(-1, "could not start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted while running " + String.join(" ", command));
        }
    }

    Result run(final Duration timeout, final String... command) {
        return run(timeout, List.of(command));
    }

    private synchronized void append(final List<String> command, final int exit, final String output, final long ms,
            final boolean ended) {
        final String entry = "=== " + Instant.now() + " $ " + String.join(" ", command) + "\n" + output
                + (output.endsWith("\n") || output.isEmpty() ? "" : "\n") + "=== exit " + exit + " after " + ms + " ms"
                + (ended ? "" : " (timed out)") + "\n";
        try {
            Files.writeString(log, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("chaos: cannot write the command log " + log + ": " + e.getMessage());
        }
    }
}
