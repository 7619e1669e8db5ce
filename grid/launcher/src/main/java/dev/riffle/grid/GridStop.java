package dev.riffle.grid;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code scripts/grid stop}: SIGTERM by PID, SIGKILL after a generous wait, in parallel, except that the
 * NodeManager stops before the ResourceManager (it unregisters on the way out). Grid JVMs whose PID file
 * was lost and YARN containers that outlived their NodeManager are found and stopped too.
 */
final class GridStop {

    private final GridSettings settings;
    private final GridProcesses processes;

    GridStop(final GridSettings settings) {
        this.settings = settings;
        this.processes = new GridProcesses(settings);
    }

    int run(final List<String> services) {
        stopComponents(Component.of(services), System.out);
        return 0;
    }

    /** Stops {@code components}; messages go to {@code out} (stderr while a failed start cleans up). */
    void stopComponents(final List<Component> components, final PrintStream out) {
        final List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Component c : components) {
            if (c != Component.YARN_RM) {
                stops.add(CompletableFuture.runAsync(() -> stop(c, out)));
            }
        }
        stops.forEach(CompletableFuture::join);
        if (components.contains(Component.YARN_RM)) {
            stop(Component.YARN_RM, out);
        }
    }

    /** Generous, for a busy machine: Cassandra drains in ~6 s and the NodeManager stops its containers. */
    private static int timeoutSeconds(final Component component) {
        return switch (component) {
            case CASSANDRA, KAFKA, YARN_NM -> 60;
            default -> 30;
        };
    }

    private void stop(final Component component, final PrintStream out) {
        final var running = processes.running(component);
        if (running.isPresent()) {
            GridProcesses.terminate(component.id(), running.get(), timeoutSeconds(component), out);
        } else {
            out.println(component.id() + " is not running.");
        }
        for (ProcessHandle stray : processes.strays(component)) {
            GridProcesses.terminate(component.id() + " (stray, no PID file)", stray, timeoutSeconds(component), out);
        }
        if (component == Component.YARN_NM) {
            for (ProcessHandle container : processes.containers()) {
                final String line = GridProcesses.commandLine(container);
                GridProcesses.terminate("a leftover YARN container process [" + line.substring(0, Math.min(60, line.length()))
                        + "]", container, 10, out);
            }
        }
        processes.forget(component);
    }
}
