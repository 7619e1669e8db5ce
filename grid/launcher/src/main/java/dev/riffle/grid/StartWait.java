package dev.riffle.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.riffle.grid.service.CassandraServer;
import dev.riffle.grid.service.KafkaServer;
import dev.riffle.grid.service.ServiceProcess;

/**
 * Waits until every launched process answers: one thread per process asks its question again and again
 * (Kafka and Cassandra once their log says they listen: a client before that only costs CPU),
 * while this thread prints a dot a second, the answers as they come, and fails on an exit or a timeout.
 */
final class StartWait {

    private final GridSettings settings;
    private final GridProcesses processes;
    private final Map<Component, ServiceProcess> launched;
    private final Map<Component, String> answers = new ConcurrentHashMap<>();

    StartWait(final GridSettings settings, final GridProcesses processes, final Map<Component, ServiceProcess> launched) {
        this.settings = settings;
        this.processes = processes;
        this.launched = launched;
    }

    /** The answer of each process; throws {@link StartFailure} for the first that exits or times out. */
    Map<Component, String> await() {
        final long began = System.nanoTime();
        final long deadline = began + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
        final Readiness readiness = new Readiness(processes, Duration.ofSeconds(5));
        final List<Component> pending = new ArrayList<>(launched.keySet());
        final List<Thread> askers = new ArrayList<>();
        for (Component c : pending) {
            final Thread asker = new Thread(() -> askUntilAnswered(readiness, c), "ask-" + c.id());
            asker.setDaemon(true);
            asker.start();
            askers.add(asker);
        }
        System.out.print("Waiting for " + String.join(" ", pending.stream().map(Component::id).toList()) + " to answer");
        System.out.flush();
        final Map<Component, String> result = new LinkedHashMap<>();
        long nextDot = began + TimeUnit.SECONDS.toNanos(1);
        try {
            while (!pending.isEmpty()) {
                for (Component c : List.copyOf(pending)) {
                    if (answers.containsKey(c)) {
                        System.out.printf("%n  %-10s answers on %s after %s s", c.id(), processes.recordedAddress(c),
                                GridClock.secondsSince(began));
                        result.put(c, answers.get(c));
                        pending.remove(c);
                    } else if (!launched.get(c).isAlive()) {
                        System.out.println();
                        throw new StartFailure(c, "exited during start (status " + launched.get(c).exitValue() + ")",
                                settings.log(c));
                    } else if (System.nanoTime() > deadline) {
                        System.out.println();
                        throw new StartFailure(c, "did not answer within " + settings.timeoutSeconds()
                                + " s (RIFFLE_GRID_TIMEOUT)", settings.log(c));
                    }
                }
                if (System.nanoTime() >= nextDot && !pending.isEmpty()) {
                    System.out.print('.');
                    System.out.flush();
                    nextDot += TimeUnit.SECONDS.toNanos(1);
                }
                if (!pending.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure(pending.get(0), "was still starting when the wait was interrupted", settings.log(pending.get(0)));
        } finally {
            askers.forEach(Thread::interrupt);
        }
        System.out.println();
        return result;
    }

    private void askUntilAnswered(final Readiness readiness, final Component component) {
        final String readyLine = switch (component) {
            case KAFKA -> KafkaServer.READY_LINE;
            case CASSANDRA -> CassandraServer.READY_LINE;
            default -> "";
        };
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!readyLine.isEmpty() && !launched.get(component).logContains(readyLine)) {
                    TimeUnit.MILLISECONDS.sleep(250);
                    continue;
                }
                answers.put(component, readiness.ask(component));
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                try {
                    TimeUnit.MILLISECONDS.sleep(250);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
