package dev.riffle.chaos;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Injects one planned fault into the run's grid and job, and heals it. Container and AM processes are found
 * below the grid's NodeManager directories, services by the grid's PID files; nothing else is signalled.
 * Whatever is still frozen or stopped when the run is interrupted is woken or started by {@link #undoAll}.
 */
final class FaultInjector {

    private final Grid grid;
    private final Commands commands;
    private final YarnRest yarn;
    private final ProgressMonitor monitor;
    private final ChaosJob job;
    private final long stopSeconds;
    private final List<Runnable> undo = new CopyOnWriteArrayList<>();

    FaultInjector(final Grid grid, final Commands commands, final YarnRest yarn, final ProgressMonitor monitor,
            final ChaosJob job, final long stopSeconds) {
        this.grid = grid;
        this.commands = commands;
        this.yarn = yarn;
        this.monitor = monitor;
        this.job = job;
        this.stopSeconds = stopSeconds;
    }

    Injection inject(final FaultPlan.Planned planned) throws InterruptedException {
        return switch (planned.kind()) {
            case CONTAINER_KILL, CONTAINER_STOP -> container(planned);
            case AM_KILL -> applicationMaster(planned);
            case REDIS_RESTART -> restart(planned, "redis");
            case CASSANDRA_RESTART -> restart(planned, "cassandra");
            case REDIS_STOP -> freezeRedis(planned);
            case KAFKA_STOP -> kafkaAway(planned);
        };
    }

    private Injection container(final FaultPlan.Planned planned) throws InterruptedException {
        final long now = System.currentTimeMillis();
        final String logical = Integer.toString(planned.container());
        final Optional<ProgressMonitor.Container> found = monitor.latestAnswered()
                .map(o -> o.containers().get(logical)).filter(c -> "RUNNING".equals(c.state()) && !c.yarnContainerId().isEmpty());
        if (found.isEmpty()) {
            return Injection.notInjected(planned, now, "logical container " + logical + " is not RUNNING in the AM's status");
        }
        final ProgressMonitor.Container c = found.get();
        final List<Long> pids = ProcessTable.ofContainer(grid.nodeManagerLocalDirs(), c.yarnContainerId());
        if (pids.isEmpty()) {
            return Injection.notInjected(planned, now, "no process of " + c.yarnContainerId() + " under "
                    + grid.nodeManagerLocalDirs());
        }
        final String target = "container " + logical + " (" + c.yarnContainerId() + ", pids " + pids + ")";
        final Set<Integer> affected = new LinkedHashSet<>(c.partitions());
        if (planned.kind() == FaultKind.CONTAINER_KILL) {
            final long at = System.currentTimeMillis();
            final String error = ProcessTable.signal(commands, "KILL", pids);
            return error.isEmpty() ? new Injection(planned, at, at, target, affected, "partitions " + affected, null)
                    : Injection.notInjected(planned, at, "kill -KILL failed: " + error);
        }
        final long at = System.currentTimeMillis();
        final String error = ProcessTable.signal(commands, "STOP", pids);
        if (!error.isEmpty()) {
            return Injection.notInjected(planned, at, "kill -STOP failed: " + error);
        }
        final Runnable wake = () -> ProcessTable.signal(commands, "CONT", pids.stream().filter(ProcessTable::alive).toList());
        undo.add(wake);
        TimeUnit.SECONDS.sleep(stopSeconds);
        final long healed = System.currentTimeMillis();
        final long alive = pids.stream().filter(ProcessTable::alive).count();
        wake.run();
        undo.remove(wake);
        return new Injection(planned, at, healed, target, affected, "partitions " + affected + "; "
                + replacementSeen(logical, c.yarnContainerId(), at, healed, alive), null);
    }

    /**
     * Whether the AM launched a replacement while the container was frozen: then, if its processes were still
     * there to wake ({@code alive}), it woke as a zombie beside it; the NodeManager may have ended them first.
     */
    private String replacementSeen(final String logical, final String frozen, final long fromMs, final long toMs,
            final long alive) {
        long oldestHeartbeat = -1;
        for (ProgressMonitor.Observation o : monitor.observations()) {
            if (o.atMs() < fromMs || o.atMs() > toMs) {
                continue;
            }
            final ProgressMonitor.Container now = o.containers().get(logical);
            if (now == null) {
                continue;
            }
            if (!now.yarnContainerId().isEmpty() && !now.yarnContainerId().equals(frozen)) {
                return "the AM launched " + now.yarnContainerId() + " while it was frozen: " + (alive > 0
                        ? "it woke as a zombie beside its replacement (" + alive + " processes woken)"
                        : "the NodeManager had ended its processes before the wake (the AM released the container)");
            }
            if (now.heartbeatAgeMs() != null) {
                oldestHeartbeat = Math.max(oldestHeartbeat, now.heartbeatAgeMs());
            }
        }
        return "no replacement while frozen " + stopSeconds + " s (heartbeat age reached "
                + (oldestHeartbeat < 0 ? "?" : oldestHeartbeat / 1000 + " s") + "): its tasks waited, no zombie";
    }

    private Injection applicationMaster(final FaultPlan.Planned planned) {
        final long now = System.currentTimeMillis();
        final Optional<String> am = yarn.currentAmContainer(job.applicationId());
        if (am.isEmpty()) {
            return Injection.notInjected(planned, now, "the ResourceManager names no AM container for " + job.applicationId());
        }
        final List<Long> pids = ProcessTable.ofContainer(grid.nodeManagerLocalDirs(), am.get());
        if (pids.isEmpty()) {
            return Injection.notInjected(planned, now, "no process of the AM container " + am.get());
        }
        final int attempt = monitor.latestAnswered().map(ProgressMonitor.Observation::attempt).orElse(0);
        final long at = System.currentTimeMillis();
        final String error = ProcessTable.signal(commands, "KILL", pids);
        return error.isEmpty() ? new Injection(planned, at, at, "AM " + am.get() + " (attempt " + attempt + ")",
                allPartitions(), "", null) : Injection.notInjected(planned, at, "kill -KILL failed: " + error);
    }

    private Injection restart(final FaultPlan.Planned planned, final String service) {
        final String before = "redis".equals(service) ? redisState() : "";
        final long at = System.currentTimeMillis();
        final Runnable start = () -> grid.start(commands, service);
        undo.add(start);
        final Commands.Result stopped = grid.stop(commands, service);
        final Commands.Result started = grid.start(commands, service);
        undo.remove(start);
        final long healed = System.currentTimeMillis();
        if (!stopped.ok() || !started.ok()) {
            return new Injection(planned, at, healed, service, allPartitions(), "", "scripts/grid stop/start " + service
                    + " failed (exit " + stopped.exit() + "/" + started.exit() + "); see commands.log");
        }
        final String notes = "redis".equals(service) ? "before: " + before + "; after: " + redisState() : "";
        return new Injection(planned, at, healed, service + " (scripts/grid stop, start)", allPartitions(), notes, null);
    }

    /** Whether Redis persists (appendonly) and how many keys it holds, for the report. */
    private String redisState() {
        final String port = Integer.toString(grid.port("RIFFLE_REDIS_PORT"));
        final String aof = commands.run(Duration.ofSeconds(10), "redis-cli", "-p", port, "CONFIG", "GET", "appendonly")
                .output().strip().replace('\n', ' ');
        final String keys = commands.run(Duration.ofSeconds(10), "redis-cli", "-p", port, "DBSIZE").output().strip();
        return aof.replace("appendonly ", "appendonly=") + ", " + keys + " keys";
    }

    private Injection freezeRedis(final FaultPlan.Planned planned) throws InterruptedException {
        final long now = System.currentTimeMillis();
        final OptionalLong pid = grid.pid("redis");
        if (pid.isEmpty()) {
            return Injection.notInjected(planned, now, "no redis-server under the grid's PID file");
        }
        final List<Long> pids = List.of(pid.getAsLong());
        final long at = System.currentTimeMillis();
        final String error = ProcessTable.signal(commands, "STOP", pids);
        if (!error.isEmpty()) {
            return Injection.notInjected(planned, at, "kill -STOP failed: " + error);
        }
        final Runnable wake = () -> ProcessTable.signal(commands, "CONT", pids);
        undo.add(wake);
        TimeUnit.SECONDS.sleep(FaultKind.REDIS_STOP_SECONDS);
        final long healed = System.currentTimeMillis();
        wake.run();
        undo.remove(wake);
        return new Injection(planned, at, healed, "redis-server (pid " + pid.getAsLong() + ")", allPartitions(), "", null);
    }

    private Injection kafkaAway(final FaultPlan.Planned planned) throws InterruptedException {
        final long at = System.currentTimeMillis();
        final Runnable start = () -> grid.start(commands, "kafka");
        undo.add(start);
        final Commands.Result stopped = grid.stop(commands, "kafka");
        final long stoppedAt = System.currentTimeMillis();
        TimeUnit.MILLISECONDS.sleep(Math.max(0, at + FaultKind.KAFKA_AWAY_SECONDS * 1000 - stoppedAt));
        final Commands.Result started = grid.start(commands, "kafka");
        undo.remove(start);
        final long healed = System.currentTimeMillis();
        if (!stopped.ok() || !started.ok()) {
            return new Injection(planned, at, healed, "kafka", allPartitions(), "", "scripts/grid stop/start kafka failed"
                    + " (exit " + stopped.exit() + "/" + started.exit() + "); see commands.log");
        }
        return new Injection(planned, at, healed, "kafka broker (scripts/grid stop, start)", allPartitions(), "", null);
    }

    private Set<Integer> allPartitions() {
        final Set<Integer> all = new LinkedHashSet<>();
        for (int p = 0; p < job.partitions; p++) {
            all.add(p);
        }
        return all;
    }

    /** Wakes what is frozen and starts what is stopped: for a run that is interrupted mid-fault. */
    void undoAll() {
        for (Runnable r : List.copyOf(undo)) {
            r.run();
        }
        undo.clear();
    }
}
