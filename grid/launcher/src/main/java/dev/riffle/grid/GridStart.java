package dev.riffle.grid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.riffle.grid.service.ServiceProcess;

/**
 * {@code scripts/grid start}: checks ports and prerequisites before anything runs, launches the missing
 * processes, and waits (a dot a second) until each answers its real question. On a failure it shows the
 * failed process's log and stops everything this run launched.
 */
final class GridStart {

    private static final List<Component> LAUNCH_ORDER = List.of(Component.CASSANDRA, Component.YARN_RM,
            Component.YARN_NM, Component.REDIS, Component.KAFKA);

    private final GridSettings settings;
    private final GridProcesses processes;
    private final Map<Component, ServiceProcess> started = new LinkedHashMap<>();

    GridStart(final GridSettings settings) {
        this.settings = settings;
        this.processes = new GridProcesses(settings);
    }

    int run(final List<String> services, final String stopHint) throws IOException {
        final long began = System.nanoTime();
        final List<Component> toStart = new ArrayList<>();
        for (Component c : Component.of(services)) {
            final var running = processes.running(c);
            if (running.isPresent()) {
                System.out.printf("%s is already running (PID %d, %s).%n", c.id(), running.get().pid(), processes.recordedAddress(c));
            } else {
                Files.deleteIfExists(processes.pidFile(c));
                toStart.add(c);
            }
        }
        if (toStart.isEmpty()) {
            System.out.println("Nothing to start: " + String.join(" ", services) + " already running. See: scripts/grid status");
            return 0;
        }
        new Prerequisites(settings).ensure(toStart);
        final List<String> problems = new PortCheck(settings, processes).problems(toStart);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("grid start: " + p));
            System.err.println("grid start: nothing was started.");
            return 1;
        }
        final Thread onInterrupt = new Thread(this::interrupted, "grid-start-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        System.out.println("Starting " + ids(toStart) + " (grid home " + settings.home() + ")...");
        final long launched = System.nanoTime();
        final Map<Component, String> answers;
        try {
            final GridLaunch launch = new GridLaunch(settings, processes);
            for (Component c : LAUNCH_ORDER) {
                if (toStart.contains(c)) {
                    remember(c, launch.launch(c));
                }
            }
            answers = new StartWait(settings, processes, new LinkedHashMap<>(started)).await();
        } catch (StartFailure failure) {
            report(failure);
            stopStarted();
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            return 1;
        } catch (RuntimeException | IOException e) {
            stopStarted();
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            throw e;
        }
        forgetStarted();
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        for (Component c : List.of(Component.KAFKA, Component.CASSANDRA)) {
            if (answers.containsKey(c)) {
                System.out.printf("  %s %s answers: %s%n", c.id(), processes.recordedAddress(c), answers.get(c));
            }
        }
        System.out.println("Started " + ids(toStart) + " in " + GridClock.secondsSince(launched)
                + " s (the whole command took " + GridClock.secondsSince(began) + " s).");
        if (toStart.contains(Component.YARN_RM)) {
            System.out.println("YARN web UI: http://" + GridSettings.HOST + ":" + settings.rmWebPort()
                    + "   Hadoop configuration: " + settings.hadoopConf());
        }
        System.out.println("Logs: " + settings.logDir() + "   Stop with: scripts/grid stop" + stopHint);
        return 0;
    }

    private static String ids(final List<Component> components) {
        return components.stream().map(Component::id).collect(Collectors.joining(" "));
    }

    /** The failed process, its cause, and the end of its log. */
    private void report(final StartFailure failure) {
        System.err.printf("%ngrid start: %s %s. Its log: %s%n", failure.component().label(), failure.getMessage(), failure.log());
        final String tail = tail(failure.log(), 15);
        if (!tail.isEmpty()) {
            System.err.println("--- last lines of " + failure.log() + " ---");
            System.err.println(tail);
            System.err.println("---");
        }
    }

    static String tail(final Path log, final int lines) {
        try {
            final List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private synchronized void remember(final Component component, final ServiceProcess process) {
        started.put(component, process);
    }

    /** Ctrl-C during start: stop exactly what this run launched. */
    private synchronized void interrupted() {
        if (!started.isEmpty()) {
            System.err.println("\ngrid start: interrupted.");
            stopStarted();
        }
    }

    private synchronized void forgetStarted() {
        started.clear();
    }

    private synchronized void stopStarted() {
        if (started.isEmpty()) {
            return;
        }
        final List<Component> toStop = new ArrayList<>(started.keySet());
        started.clear();
        System.err.println("grid start: stopping what this run started: " + ids(toStop));
        new GridStop(settings).stopComponents(toStop, System.err);
    }
}
