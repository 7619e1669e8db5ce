package dev.riffle.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One chaos run, start to end: the grid, the job, the paced visits, the planned faults one after another
 * (each waited on until the job resumed, or for two minutes), then the drain and the comparison with the
 * truth read back from the visits topic. Prints progress as it goes and returns the report.
 */
final class ChaosRun {

    /** How long after a heal the run waits for the job to resume before it goes on with the plan. */
    private static final long RESUME_WAIT_MS = 120_000;
    /** The drain stops early when the live count stays the same this long (it is published every second). */
    private static final long STALLED_MS = 90_000;

    private final RunSettings settings;
    private final String runId;
    private final FaultPlan plan;
    private final Grid grid;
    private final Commands commands;
    private final List<Runnable> cleanups = new ArrayList<>();
    private long startMs;

    ChaosRun(final RunSettings settings, final String runId, final FaultPlan plan, final Grid grid, final Commands commands) {
        this.settings = settings;
        this.runId = runId;
        this.plan = plan;
        this.grid = grid;
        this.commands = commands;
    }

    Report execute() throws IOException, InterruptedException {
        final List<String> services = new ArrayList<>(List.of("kafka", "yarn", settings.store()));
        if (grid.own()) {
            say("Starting the harness's grid (" + String.join(" ", services) + ") in " + grid.home() + "...");
            cleanup(() -> {
                if (!settings.keepGrid()) {
                    grid.stop(commands);
                }
            });
            final Commands.Result started = grid.start(commands, services.toArray(String[]::new));
            if (!started.ok()) {
                throw new IllegalStateException("scripts/grid start failed (exit " + started.exit() + "):\n" + started.output().strip());
            }
        }
        say(grid.describe());
        final ChaosJob job = ChaosJob.of(runId, settings.baseConfig(), grid, settings.store(), settings.partitions(),
                RunSettings.THRESHOLD, RunSettings.REARM_FRACTION, settings.overrides());
        job.createTopics(grid.kafka());
        say("Submitting the visitor counter (job.id=" + job.jobId + ", " + job.containers + " containers, "
                + settings.partitions() + " partitions, threshold " + job.threshold + ")...");
        cleanup(() -> job.kill(commands));
        job.submit(commands, settings.runDir(), settings.jobPackage());
        say("Running as " + job.applicationId() + ".");
        final YarnRest yarn = new YarnRest(grid.resourceManagerWeb());
        final ProgressMonitor monitor = new ProgressMonitor(yarn, job.applicationId(), job.visits);
        cleanup(monitor::close);
        awaitContainers(monitor, job);

        final long span = (long) (settings.durationSeconds() * settings.rate() * settings.stepMs());
        final long startTs = (System.currentTimeMillis() - span - 3_600_000L) / 60_000 * 60_000;
        final VisitProducer producer = new VisitProducer(grid.kafka(), job.visits,
                new Traffic(settings.seed(), startTs, settings.stepMs(), RunSettings.REGULARS, RunSettings.WAVE), settings.rate());
        cleanup(producer::close);
        final FaultInjector injector = new FaultInjector(grid, commands, yarn, monitor, job, settings.stopSeconds());
        cleanup(injector::undoAll);
        startMs = System.currentTimeMillis();
        producer.start();
        say(String.format("Sending %.0f visits/s for %d s (event time %d x the wall clock); %d faults planned.",
                settings.rate(), settings.durationSeconds(), Math.round(settings.rate() * settings.stepMs() / 1000),
                plan.faults().size()));

        final List<Injection> injections = runFaults(monitor, injector);
        sleepUntil(startMs + settings.durationSeconds() * 1000);
        producer.stopAndFlush();
        say(String.format("Traffic stopped: %,d visits sent, %,d acknowledged, %,d failed%s.", producer.sent(),
                producer.acked(), producer.failed(), producer.firstError() == null ? "" : " (first error: "
                + producer.firstError() + ")"));
        final Report report = verify(job, monitor, injections, producer);
        monitor.close();
        return report;
    }

    private List<Injection> runFaults(final ProgressMonitor monitor, final FaultInjector injector) throws InterruptedException {
        final List<Injection> injections = new ArrayList<>();
        final long lastStart = startMs + (settings.durationSeconds() - FaultPlan.TAIL_SECONDS) * 1000;
        for (FaultPlan.Planned planned : plan.faults()) {
            final long due = startMs + planned.atSeconds() * 1000;
            sleepUntil(due);
            final Optional<YarnRest.App> app = monitor.latestApp();
            if (app.isPresent() && app.get().ended()) {
                injections.add(Injection.notInjected(planned, System.currentTimeMillis(), "the application had ended ("
                        + app.get().state() + ") before this fault"));
                continue;
            }
            if (System.currentTimeMillis() > lastStart) {
                injections.add(Injection.notInjected(planned, System.currentTimeMillis(),
                        "no time left: earlier faults took longer to resume than planned"));
                continue;
            }
            say(String.format("fault %d/%d %s...", planned.index(), plan.faults().size(), planned.kind().id));
            final Injection injection = injector.inject(planned);
            injections.add(injection);
            if (!injection.injected()) {
                say("  not injected: " + injection.error());
                continue;
            }
            say("  " + injection.target() + (injection.healedMs() > injection.injectedMs()
                    ? String.format(", healed after %.0f s", (injection.healedMs() - injection.injectedMs()) / 1000.0) : ""));
            final long bound = injection.healedMs() + RESUME_WAIT_MS;
            FaultOutcome outcome = FaultOutcome.of(injection, monitor, bound);
            while (!outcome.ok() && System.currentTimeMillis() < bound && !outcome.verdict().startsWith("JOB ")) {
                TimeUnit.MILLISECONDS.sleep(500);
                outcome = FaultOutcome.of(injection, monitor, bound);
            }
            say("  " + outcome.verdict() + (outcome.resumeSeconds() == null ? "" : String.format(" after %.1f s",
                    outcome.resumeSeconds())) + (outcome.detail().isEmpty() ? "" : ": " + outcome.detail()));
        }
        return injections;
    }

    private Report verify(final ChaosJob job, final ProgressMonitor monitor, final List<Injection> injections,
            final VisitProducer producer) {
        final List<IndependentTruth.Event> events = new ArrayList<>();
        try (TopicTail visits = new TopicTail(grid.kafka(), job.visits)) {
            for (TopicTail.Rec r : visits.catchUp(Duration.ofMinutes(3))) {
                final JsonNode v = Json.parse(r.value());
                events.add(new IndependentTruth.Event(r.partition(), v.path("visitor").asText(), v.path("ts").asLong()));
            }
        }
        final IndependentTruth truth = new IndependentTruth(events);
        say(String.format("Read back %,d visits; newest event time %d; the job must decide up to bucket %d.", events.size(),
                truth.newestTs(), truth.lastDecidableBucket()));
        JsonNode count = null;
        final long deadline = System.currentTimeMillis() + settings.drainSeconds() * 1000;
        JsonNode previous = null;
        long changedMs = System.currentTimeMillis();
        try (TopicTail counts = new TopicTail(grid.kafka(), job.counts)) {
            while (true) {
                count = FinalChecks.latestCount(counts.catchUp(Duration.ofMinutes(1)), job.instance());
                final boolean caughtUp = count != null && count.path("at").asLong() == truth.newestTs()
                        && count.path("decided_at").asLong(-1) >= IndependentTruth.endOf(truth.lastDecidableBucket());
                if (count != null && !count.equals(previous)) {
                    previous = count;
                    changedMs = System.currentTimeMillis();
                }
                // A live count that has not moved for this long belongs to a job that is not catching up.
                final boolean stalled = System.currentTimeMillis() - changedMs > STALLED_MS;
                final Optional<YarnRest.App> app = monitor.latestApp();
                if (caughtUp || stalled || System.currentTimeMillis() > deadline || app.isPresent() && app.get().ended()) {
                    if (stalled && !caughtUp) {
                        say("The live count has not changed for " + STALLED_MS / 1000 + " s; not waiting longer.");
                    }
                    break;
                }
                sleepUntil(System.currentTimeMillis() + 2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        say("Live count at the end: " + count);
        final List<TopicTail.Rec> alerts;
        try (TopicTail tail = new TopicTail(grid.kafka(), job.alerts)) {
            alerts = tail.catchUp(Duration.ofMinutes(1));
        }
        final int deadLetters;
        try (TopicTail tail = new TopicTail(grid.kafka(), job.deadLetters)) {
            deadLetters = tail.catchUp(Duration.ofMinutes(1)).size();
        }
        final List<FinalChecks.Check> checks = new ArrayList<>();
        final YarnRest.App app = monitor.latestApp().orElse(new YarnRest.App("UNKNOWN", "", "", ""));
        checks.add(new FinalChecks.Check("job state", "RUNNING".equals(app.state()), true, app.state()
                + (app.diagnostics().isBlank() ? "" : ": " + app.diagnostics().strip().lines().findFirst().orElse(""))));
        checks.addAll(FinalChecks.compare(truth, job, count, alerts, settings.exactlyOnceAlerts()));
        final List<String> regressions = monitor.offsetRegressions(startMs);
        checks.add(new FinalChecks.Check("checkpoints", regressions.isEmpty(), false, regressions.isEmpty()
                ? "no task's committed offset ever went back (a replacement resumed at its checkpoint every time)"
                : "committed offsets went back, so a task started over without its checkpoint (state taken up as"
                + " a fresh start): " + String.join("; ", regressions)));
        checks.add(new FinalChecks.Check("dead letters", deadLetters == 0, true, deadLetters
                + " on " + job.deadLetters + " (0 expected: the visits are in event-time order in each partition)"));
        checks.add(new FinalChecks.Check("visits", true, false, String.format("%,d sent, %,d acknowledged, %,d failed, %,d"
                + " in the topic (the truth is computed from the topic)", producer.sent(), producer.acked(), producer.failed(),
                events.size())));
        final long untilMs = System.currentTimeMillis();
        final List<FaultOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < injections.size(); i++) {
            // A fault is judged until the next fault that was injected (or the end): what came later is not its doing.
            long next = untilMs;
            for (int j = i + 1; j < injections.size(); j++) {
                if (injections.get(j).injected()) {
                    next = injections.get(j).injectedMs();
                    break;
                }
            }
            outcomes.add(FaultOutcome.of(injections.get(i), monitor, next));
        }
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", runId);
        run.put("seed", settings.seed());
        run.put("durationSeconds", settings.durationSeconds());
        run.put("store", settings.store());
        run.put("applicationId", job.applicationId());
        run.put("jobInstance", job.instance());
        run.put("visits", events.size());
        run.put("runDir", settings.runDir().toString());
        return new Report(run, outcomes, checks, startMs);
    }

    private void awaitContainers(final ProgressMonitor monitor, final ChaosJob job) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            final Optional<ProgressMonitor.Observation> o = monitor.latestAnswered();
            if (o.isPresent() && o.get().containers().size() == job.containers && o.get().containers().values().stream()
                    .allMatch(c -> "RUNNING".equals(c.state()) && c.heartbeatAgeMs() != null)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("The containers of " + job.applicationId() + " did not all report RUNNING to the AM"
                + " within 240 s; see scripts/logs-job.sh " + job.applicationId());
    }

    private void sleepUntil(final long epochMs) throws InterruptedException {
        final long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            TimeUnit.MILLISECONDS.sleep(wait);
        }
    }

    private void cleanup(final Runnable action) {
        synchronized (cleanups) {
            cleanups.add(action);
        }
    }

    /** Undoes what the run set up, newest first: wakes frozen processes, kills the job, stops its own grid. */
    void cleanUp() {
        final List<Runnable> actions;
        synchronized (cleanups) {
            actions = new ArrayList<>(cleanups);
            cleanups.clear();
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            try {
                actions.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("chaos: a clean-up step failed: " + e);
            }
        }
    }

    void say(final String line) {
        final long t = startMs == 0 ? 0 : (System.currentTimeMillis() - startMs) / 1000;
        System.out.printf("[%s] %s%n", startMs == 0 ? "  setup" : String.format("+%5ds", t), line);
        System.out.flush();
    }
}
