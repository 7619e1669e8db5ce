package dev.riffle.grid;

import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code scripts/grid status}: one line per process (address, PID, whether it answers); exit 0 when
 * every service that should run answers. Without names Cassandra is optional.
 */
final class GridStatus {

    private final GridSettings settings;
    private final GridProcesses processes;

    GridStatus(final GridSettings settings) {
        this.settings = settings;
        this.processes = new GridProcesses(settings);
    }

    int run(final List<String> services, final boolean explicit) {
        final Readiness readiness = new Readiness(processes, Duration.ofSeconds(15));
        final List<Component> components = Component.of(services);
        final Map<Component, Optional<ProcessHandle>> pids = new EnumMap<>(Component.class);
        final Map<Component, CompletableFuture<String>> states = new EnumMap<>(Component.class);
        for (Component c : components) {
            final Optional<ProcessHandle> pid = processes.running(c);
            pids.put(c, pid);
            if (pid.isPresent()) {
                states.put(c, CompletableFuture.supplyAsync(() -> {
                    try {
                        return "answers (" + readiness.ask(c) + ")";
                    } catch (Exception e) {
                        return readiness.notAnswering(c, e);
                    }
                }));
            }
        }
        int status = 0;
        System.out.printf("%-10s %-16s %-8s %s%n", "SERVICE", "ADDRESS", "PID", "STATE");
        for (Component c : components) {
            final Optional<ProcessHandle> pid = pids.get(c);
            final String state;
            if (pid.isEmpty()) {
                if (!explicit && c == Component.CASSANDRA) {
                    state = "stopped (optional; start it with: scripts/grid start cassandra)";
                } else {
                    state = "stopped";
                    status = 1;
                }
            } else {
                state = states.get(c).join();
                if (!state.startsWith("answers")) {
                    status = 1;
                }
            }
            System.out.printf("%-10s %-16s %-8s %s%n", c.id(),
                    pid.isPresent() ? processes.recordedAddress(c) : settings.address(c),
                    pid.map(p -> Long.toString(p.pid())).orElse("-"), state);
        }
        if (Files.isDirectory(settings.logDir())) {
            System.out.print("Logs: " + settings.logDir());
            if (pids.getOrDefault(Component.YARN_RM, Optional.empty()).isPresent()) {
                System.out.print("   YARN web UI: http://" + GridSettings.HOST + ":" + processes.recordedRmWebPort());
            }
            System.out.println();
        }
        return status;
    }
}
