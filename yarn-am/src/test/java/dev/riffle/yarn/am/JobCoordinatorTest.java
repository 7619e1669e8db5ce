package dev.riffle.yarn.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.container.ContainerMain;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.ContainerTotals;
import dev.riffle.runner.protocol.HeartbeatReply;
import dev.riffle.runner.protocol.WireFormat;

class JobCoordinatorTest {

    private static final long HEARTBEAT_TIMEOUT_MS = 30_000;
    private static final long STARTUP_ALLOWANCE_MS = 60_000;
    private static final long BACKOFF_MS = 2_000;
    private static final long BACKOFF_CAP_MS = 16_000;

    private final FakeClusterManager cluster = new FakeClusterManager();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> finished = new ArrayList<>();
    private Map<String, String> assignments = Map.of();
    private JobCoordinator coordinator;

    @BeforeEach
    void setUp() {
        coordinator = coordinator(3, 60_000);
    }

    private static JobModel model(final int partitions, final int containers) {
        return JobModel.build("job", "1", List.of("in"), Map.of("in", partitions), containers);
    }

    private static ClusterManager.LaunchSpec spec(final JobModel model, final String logicalId) {
        return new ClusterManager.LaunchSpec(logicalId, model.container(logicalId));
    }

    /** A heartbeat of logical container {@code logicalId} from cluster container {@code clusterId}. */
    private HeartbeatReply beat(final String logicalId, final String clusterId) {
        return coordinator.heartbeat(logicalId, clusterId, new ContainerReport(WireFormat.VERSION, logicalId, clusterId,
                1, null, List.of(), null));
    }

    /** A heartbeat that reports {@code commits} commits of the container's tasks. */
    private HeartbeatReply beatWithCommits(final String logicalId, final String clusterId, final long commits) {
        return coordinator.heartbeat(logicalId, clusterId, new ContainerReport(WireFormat.VERSION, logicalId, clusterId,
                1, new ContainerTotals(2, 10, 1.0, 0, 0, 0, commits, 5, 0, 1, 0), List.of(), null));
    }

    /**
     * Lets {@code ms} pass in one-second steps, running the AM's periodic check after each, while the
     * containers running {@code beating} heartbeat every step.
     */
    private void advance(final long ms, final String... beating) {
        for (long passed = 0; passed < ms; passed += 1_000) {
            now.addAndGet(1_000);
            for (String logicalId : beating) {
                beat(logicalId, cluster.runnerOf(logicalId));
            }
            coordinator.tick();
        }
    }

    private JobSnapshot.Container container(final String logicalId) {
        return coordinator.snapshot().containers().stream().filter(c -> c.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
    }

    private JobCoordinator coordinator(final int retries, final long windowMs) {
        final JobCoordinator c = new JobCoordinator(cluster, new JobCoordinator.Settings("job_1", retries, windowMs,
                HEARTBEAT_TIMEOUT_MS, STARTUP_ALLOWANCE_MS, BACKOFF_MS, BACKOFF_CAP_MS),
                new JobCoordinator.Observer() {
                    @Override
                    public void onAssignmentsChanged(final Map<String, String> map) {
                        assignments = map;
                    }

                    @Override
                    public void onJobFinished(final JobCoordinator.JobState state, final String diagnostics) {
                        finished.add(state + ": " + diagnostics);
                    }
                }, now::get);
        cluster.attach(c);
        return c;
    }

    @Test
    void shouldLaunchEachLogicalContainerWithItsRoundRobinPartitions() {
        coordinator.start(model(4, 2), List.of());
        assertThat(cluster.outstandingRequests).isEqualTo(2);

        cluster.grantAll();

        assertThat(cluster.launched.values()).containsExactly(
                spec(model(4, 2), "0"), spec(model(4, 2), "1"));
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
        assertThat(assignments).hasSize(2);
    }

    @Test
    void shouldRestartFailedContainerWithinRetryBudget() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        final String first = cluster.runnerOf("1");

        cluster.exit(first, 137);
        assertThat(cluster.outstandingRequests).isEqualTo(1);
        cluster.grantAll();

        final String second = cluster.runnerOf("1");
        assertThat(second).isNotEqualTo(first);
        assertThat(cluster.launched.get(second)).isEqualTo(spec(model(4, 2), "1"));
        assertThat(coordinator.snapshot().containers().get(1).restarts()).isEqualTo(1);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
    }

    @Test
    void shouldFailTheJobNamingTheContainerWhenTheBudgetIsExhausted() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        for (int i = 0; i < 3; i++) {
            cluster.exit(cluster.runnerOf("0"), 1);
            cluster.grantAll();
        }
        final String last = cluster.runnerOf("0");

        cluster.exit(last, 42);

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
        assertThat(finished).singleElement().asString()
                .startsWith("FAILED")
                .contains("Logical container 0", "exit status was 42", last);
        assertThat(cluster.stopped).containsExactly(cluster.runnerOf("1"));
    }

    @Test
    void shouldForgetFailuresOlderThanTheRetryWindow() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        for (int i = 0; i < 10; i++) {
            cluster.exit(cluster.runnerOf("0"), 1);
            cluster.grantAll();
            now.addAndGet(30_000);
        }

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
    }

    @Test
    void shouldNotCountPreemptedContainersAgainstTheBudget() {
        coordinator = coordinator(0, 60_000);
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        cluster.lose(cluster.runnerOf("0"), -102);
        cluster.grantAll();
        cluster.lose(cluster.runnerOf("0"), -100);
        cluster.grantAll();

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
        assertThat(coordinator.snapshot().containers().get(0).restarts()).isEqualTo(2);

        cluster.exit(cluster.runnerOf("0"), 1);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
    }

    @Test
    void shouldNotCountContainersStoppedByAnUnavailableDependencyAgainstTheBudget() {
        coordinator = coordinator(1, 60_000);
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        for (int i = 0; i < 10; i++) {
            cluster.exit(cluster.runnerOf("0"), ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE);
            advance(BACKOFF_CAP_MS, "1");
            cluster.grantAll();
        }

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
        assertThat(coordinator.snapshot().containers().get(0).restarts()).isEqualTo(10);
        assertThat(coordinator.snapshot().containers().get(0).lastDiagnostics()).startsWith("waiting for a dependency");
        // The budget is untouched: one ordinary failure is still allowed, the second ends the job.
        cluster.exit(cluster.runnerOf("0"), 1);
        cluster.grantAll();
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
        cluster.exit(cluster.runnerOf("0"), 1);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
    }

    @Test
    void shouldAdoptRunningContainersOfThePreviousAttempt() {
        coordinator.start(model(4, 2), List.of(
                new JobCoordinator.Adopted("container_old_a", "h1", "1"),
                new JobCoordinator.Adopted("container_old_b", "h2", null)));

        assertThat(cluster.outstandingRequests).isEqualTo(1);
        assertThat(cluster.stopped).containsExactly("container_old_b");
        cluster.grantAll();
        assertThat(cluster.launched.values()).containsExactly(spec(model(4, 2), "0"));
        assertThat(assignments).containsEntry("container_old_a", "1");
        assertThat(beat("1", "container_old_a").recognised()).isTrue();
    }

    @Test
    void shouldAskContainersToReportAgainUntilItHasAdoptedThem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> beat("1", "container_old_a"))
                .isInstanceOf(NotReadyException.class).hasMessageContaining("report again");

        coordinator.start(model(4, 2), List.of(new JobCoordinator.Adopted("container_old_a", "h1", "1")));

        assertThat(beat("1", "container_old_a").recognised()).isTrue();
    }

    @Test
    void shouldRelaunchAnAdoptedContainerThatEndedBeforeTheAttemptStarted() {
        cluster.exit("container_old_a", 1);

        coordinator.start(model(4, 2), List.of(new JobCoordinator.Adopted("container_old_a", "h1", "1")));

        assertThat(cluster.outstandingRequests).isEqualTo(2);
        cluster.grantAll();
        assertThat(cluster.launched.values()).containsExactlyInAnyOrder(spec(model(4, 2), "0"), spec(model(4, 2), "1"));
        assertThat(beat("1", "container_old_a").recognised()).isFalse();
        assertThat(coordinator.snapshot().containers().get(1).restarts()).isEqualTo(1);
    }

    @Test
    void shouldTellAnUnrecognisedContainerToStop() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        final String first = cluster.runnerOf("0");
        cluster.exit(first, 1);
        cluster.grantAll();

        final HeartbeatReply zombie = beat("0", first);
        final HeartbeatReply current = beat("0", cluster.runnerOf("0"));

        assertThat(zombie.recognised()).isFalse();
        assertThat(zombie.reason()).contains(first);
        assertThat(current.recognised()).isTrue();
        assertThat(current.shutdown()).isFalse();
        assertThat(beat("7", "container_x").recognised()).isFalse();
    }

    @Test
    void shouldRelaunchContainersThatGainPartitionsWhenInputsGrow() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        final String zero = cluster.runnerOf("0");
        final String one = cluster.runnerOf("1");

        coordinator.partitionsChanged(Map.of("in", 5));

        assertThat(cluster.stopped).containsExactly(zero);
        cluster.exit(zero, -105);
        cluster.grantAll();
        assertThat(cluster.launched.get(cluster.runnerOf("0")))
                .isEqualTo(spec(model(5, 2), "0"));
        assertThat(cluster.runnerOf("1")).isEqualTo(one);
        assertThat(coordinator.snapshot().taskCount()).isEqualTo(5);
    }

    @Test
    void shouldRelaunchContainersWhoseTasksGainPartitionsOfACoPartitionedInput() {
        coordinator.start(JobModel.build("job", "1", List.of("a", "b"), Map.of("a", 4, "b", 2), 2), List.of());
        cluster.grantAll();
        final String zero = cluster.runnerOf("0");
        final String one = cluster.runnerOf("1");

        coordinator.partitionsChanged(Map.of("a", 4, "b", 3));

        assertThat(cluster.stopped).containsExactly(zero);
        cluster.exit(zero, -105);
        cluster.grantAll();
        assertThat(cluster.runnerOf("0")).isNotEqualTo(zero);
        assertThat(cluster.launched.get(cluster.runnerOf("0"))).as("the relaunch ships the grown model")
                .isEqualTo(new ClusterManager.LaunchSpec("0", JobModel.build("job", "1", List.of("a", "b"),
                        Map.of("a", 4, "b", 3), 2).container("0")));
        assertThat(cluster.runnerOf("1")).isEqualTo(one);
        assertThat(coordinator.snapshot().containers().get(0).restarts()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAPartitionCheckThatFindsNothingNew() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        coordinator.partitionsChanged(Map.of("in", 4));

        assertThat(cluster.stopped).isEmpty();
        assertThat(cluster.outstandingRequests).isZero();
    }

    @Test
    void shouldStopGracefullyWhenAskedAndReportStopped() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        beat("0", cluster.runnerOf("0"));
        now.addAndGet(1_000);
        coordinator.requestShutdown();
        assertThat(beat("0", cluster.runnerOf("0")).shutdown()).isTrue();
        assertThat(cluster.stopped).as("only the container that never heartbeated is stopped by the cluster")
                .containsExactly(cluster.runnerOf("1"));
        cluster.exit(cluster.runnerOf("0"), 0);
        cluster.exit(cluster.runnerOf("1"), 143);

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.STOPPED);
        assertThat(cluster.outstandingRequests).isZero();
    }

    @Test
    void shouldSucceedWhenEveryContainerFinishesOnItsOwn() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        cluster.exit(cluster.runnerOf("0"), 0);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
        cluster.exit(cluster.runnerOf("1"), 0);

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.SUCCEEDED);
    }

    @Test
    void shouldReleaseSurplusAllocations() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        coordinator.onAllocated(new ClusterManager.Allocation("container_extra", "h"));

        assertThat(cluster.released).containsExactly("container_extra");
    }

    // --- heartbeat timeout -------------------------------------------------------------------

    @Test
    void shouldReplaceARunningContainerThatStopsHeartbeating() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        beat("1", cluster.runnerOf("1"));
        final String frozen = cluster.runnerOf("0");

        advance(HEARTBEAT_TIMEOUT_MS, "1");
        assertThat(cluster.released).as("silent for exactly the timeout: not yet").isEmpty();
        advance(1_000, "1");

        assertThat(cluster.released).containsExactly(frozen);
        assertThat(cluster.outstandingRequests).isEqualTo(1);
        assertThat(container("0").lastDiagnostics()).contains("no heartbeat for 31000 ms",
                "yarn.container.heartbeat.timeout.ms=30000", frozen);
        assertThat(assignments).doesNotContainKey(frozen);
        cluster.grantAll();
        final String replacement = cluster.runnerOf("0");
        assertThat(replacement).isNotEqualTo(frozen);
        assertThat(cluster.launched.get(replacement)).isEqualTo(spec(model(4, 2), "0"));
        assertThat(container("0").restarts()).isEqualTo(1);
        assertThat(container("1").restarts()).isZero();
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
    }

    @Test
    void shouldTellAFrozenContainerThatWakesUpBesideItsReplacementToStop() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        final String frozen = cluster.runnerOf("0");
        advance(HEARTBEAT_TIMEOUT_MS + 1_000, "1");
        cluster.grantAll();
        final String replacement = cluster.runnerOf("0");

        final HeartbeatReply woken = beat("0", frozen);

        assertThat(woken.recognised()).isFalse();
        assertThat(woken.reason()).contains("run by container " + replacement, "not " + frozen, "must stop");
        assertThat(beat("0", replacement).recognised()).isTrue();
        // Its late completion (YARN killed it) is not mistaken for the replacement's.
        cluster.lose(frozen, -105);
        assertThat(container("0").clusterContainerId()).isEqualTo(replacement);
        assertThat(cluster.outstandingRequests).isZero();
    }

    @Test
    void shouldNotSpendTheRestartBudgetOnHeartbeatTimeouts() {
        coordinator = coordinator(0, 600_000);
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        for (int i = 0; i < 3; i++) {
            beat("0", cluster.runnerOf("0"));
            advance(HEARTBEAT_TIMEOUT_MS + 1_000, "1");
            cluster.grantAll();
        }

        assertThat(cluster.released).hasSize(3);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
        assertThat(container("0").restarts()).isEqualTo(3);
        // The budget is untouched: with none allowed, the first ordinary failure ends the job.
        cluster.exit(cluster.runnerOf("0"), 1);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
    }

    @Test
    void shouldGiveAContainerAStartUpAllowanceBeforeItsFirstHeartbeat() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        final String silent = cluster.runnerOf("0");

        advance(HEARTBEAT_TIMEOUT_MS + STARTUP_ALLOWANCE_MS, "1");
        assertThat(cluster.released).isEmpty();
        advance(1_000, "1");

        assertThat(cluster.released).containsExactly(silent);
        assertThat(container("0").lastDiagnostics()).contains("no first heartbeat 91000 ms after its start");
    }

    @Test
    void shouldCountTheSilenceOfAnAdoptedContainerFromItsAdoption() {
        now.addAndGet(500_000);
        coordinator.start(model(4, 2), List.of(new JobCoordinator.Adopted("container_old_a", "h1", "1")));
        cluster.grantAll();

        advance(HEARTBEAT_TIMEOUT_MS + STARTUP_ALLOWANCE_MS, "0");
        assertThat(cluster.released).as("it is still looking for the new attempt").isEmpty();
        advance(1_000, "0");

        assertThat(cluster.released).containsExactly("container_old_a");
    }

    @Test
    void shouldNotReplaceContainersWhenTheApplicationMasterItselfWasPaused() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        beat("1", cluster.runnerOf("1"));

        // The AM's own JVM stood still for 100 s: no check ran, no heartbeat was read.
        now.addAndGet(100_000);
        coordinator.tick();
        assertThat(cluster.released).isEmpty();
        advance(HEARTBEAT_TIMEOUT_MS, "1");
        assertThat(cluster.released).as("a full timeout counted from the end of the pause").isEmpty();
        advance(1_000, "1");

        assertThat(cluster.released).containsExactly("container_1");
    }

    @Test
    void shouldNotTimeOutContainersWhileTheJobStops() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        beat("1", cluster.runnerOf("1"));
        coordinator.requestShutdown();

        advance(HEARTBEAT_TIMEOUT_MS * 3);

        assertThat(cluster.released).isEmpty();
        assertThat(cluster.outstandingRequests).isZero();
    }

    // --- dependency backoff ------------------------------------------------------------------

    /** How long after a dependency exit of logical container 0 the coordinator asks for a container. */
    private long relaunchDelayAfterDependencyExit() {
        cluster.exit(cluster.runnerOf("0"), ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE);
        long waited = 0;
        while (cluster.outstandingRequests == 0) {
            // An allocation that comes meanwhile is not taken by a container that backs off.
            coordinator.onAllocated(new ClusterManager.Allocation("container_spare_" + waited, "h"));
            advance(1_000, "1");
            waited += 1_000;
        }
        cluster.grantAll();
        return waited;
    }

    @Test
    void shouldBackOffExponentiallyUpToACapWhenADependencyStaysUnavailable() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("1", cluster.runnerOf("1"));

        final List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(relaunchDelayAfterDependencyExit());
        }

        assertThat(delays).containsExactly(0L, 2_000L, 4_000L, 8_000L, 16_000L, 16_000L);
        assertThat(cluster.released).as("spare allocations offered during the backoffs")
                .hasSize(2 + 4 + 8 + 16 + 16).allMatch(id -> id.startsWith("container_spare_"));
        assertThat(container("0").lastDiagnostics()).contains("6 in a row", "in 16000 ms");
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
    }

    @Test
    void shouldStartTheBackoffOverAfterAHeartbeatThatReportsACommit() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("1", cluster.runnerOf("1"));
        relaunchDelayAfterDependencyExit();
        relaunchDelayAfterDependencyExit();

        beatWithCommits("0", cluster.runnerOf("0"), 0);
        assertThat(relaunchDelayAfterDependencyExit()).as("no commit yet: still backing off").isEqualTo(4_000);
        beatWithCommits("0", cluster.runnerOf("0"), 3);

        assertThat(relaunchDelayAfterDependencyExit()).isZero();
        assertThat(relaunchDelayAfterDependencyExit()).isEqualTo(2_000);
    }

    @Test
    void shouldEndAContainerThatBacksOffWhenTheJobStops() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        beat("1", cluster.runnerOf("1"));
        relaunchDelayAfterDependencyExit();
        cluster.exit(cluster.runnerOf("0"), ContainerMain.EXIT_DEPENDENCY_UNAVAILABLE);
        assertThat(cluster.outstandingRequests).isZero();

        coordinator.requestShutdown();
        cluster.exit(cluster.runnerOf("1"), 0);
        advance(BACKOFF_CAP_MS);

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.STOPPED);
        assertThat(cluster.outstandingRequests).as("no request made, none withdrawn").isZero();
    }

    // --- failure paths -----------------------------------------------------------------------

    @Test
    void shouldReleaseAndRelaunchAContainerWhoseLaunchFailedCountingItAgainstTheBudget() {
        coordinator = coordinator(1, 60_000);
        coordinator.start(model(4, 2), List.of());
        cluster.launchFailure = new IllegalStateException("the NodeManager refused the container");

        final List<String> granted = cluster.grant(1);

        assertThat(cluster.released).containsExactlyElementsOf(granted);
        assertThat(cluster.launched).isEmpty();
        assertThat(cluster.outstandingRequests).as("one for each logical container").isEqualTo(2);
        assertThat(container("0").lastExitStatus()).isEqualTo(-1);
        assertThat(container("0").lastDiagnostics()).contains("launch failed", "refused the container");
        assertThat(container("0").restarts()).isEqualTo(1);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);

        cluster.grant(1);

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
        assertThat(finished).singleElement().asString().contains("Logical container 0", "launch failed",
                "yarn.container.retry.count=1");
        assertThat(cluster.outstandingRequests).as("the request of logical container 1 withdrawn").isZero();
    }

    @Test
    void shouldLaunchNormallyAfterALaunchFailure() {
        coordinator.start(model(4, 2), List.of());
        cluster.launchFailure = new IllegalStateException("node unreachable");
        final List<String> failed = cluster.grant(1);
        cluster.launchFailure = null;

        cluster.grantAll();

        assertThat(cluster.launched.values()).containsExactlyInAnyOrder(spec(model(4, 2), "0"), spec(model(4, 2), "1"));
        assertThat(assignments).hasSize(2).doesNotContainKeys(failed.toArray(String[]::new));
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
    }

    @Test
    void shouldFailOnceStoppingEveryContainerAndWithdrawingEveryRequestWhenTheClusterConnectionFails() {
        coordinator.start(model(6, 3), List.of());
        final List<String> granted = cluster.grantAll();
        cluster.exit(cluster.runnerOf("2"), 1);
        assertThat(cluster.outstandingRequests).isEqualTo(1);

        coordinator.onClusterError(new java.io.IOException("connection to the ResourceManager lost"));
        coordinator.onClusterError(new java.io.IOException("and again"));

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
        assertThat(cluster.stopped).containsExactly(granted.get(0), granted.get(1));
        assertThat(cluster.outstandingRequests).isZero();
        assertThat(finished).singleElement().asString().startsWith("FAILED")
                .contains("lost its connection to the cluster", "connection to the ResourceManager lost");
        assertThat(coordinator.diagnostics()).doesNotContain("and again");
    }

    @Test
    void shouldFailEvenWhenTheClusterCannotStopTheContainers() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        cluster.stopFailure = new IllegalStateException("NodeManager client stopped");

        coordinator.onClusterError(new IllegalStateException("the ResourceManager told this application master to shut down"));

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
        assertThat(finished).singleElement().asString().contains("shut down");
    }

    @Test
    void shouldNotStartAJobWhoseClusterFailedWhileItsModelWasBuilt() {
        coordinator.onClusterError(new IllegalStateException("the ResourceManager told this application master to shut down"));

        coordinator.start(model(4, 2), List.of());

        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.FAILED);
        assertThat(cluster.outstandingRequests).isZero();
        assertThat(finished).hasSize(1);
    }

    @Test
    void shouldStopEveryContainerStillRunningWhenTheGracePeriodEnds() {
        coordinator.start(model(6, 3), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        beat("1", cluster.runnerOf("1"));
        beat("2", cluster.runnerOf("2"));
        coordinator.requestShutdown();
        cluster.exit(cluster.runnerOf("1"), 0);
        assertThat(cluster.stopped).as("every container heard the stop in its heartbeat").isEmpty();

        coordinator.stopRemaining();

        assertThat(cluster.stopped).containsExactly(cluster.runnerOf("0"), cluster.runnerOf("2"));
        cluster.exit(cluster.runnerOf("0"), 143);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.STOPPING);
        cluster.exit(cluster.runnerOf("2"), 143);
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.STOPPED);
        assertThat(cluster.outstandingRequests).isZero();
    }

    @Test
    void shouldIgnoreStopRemainingUnlessTheJobIsStopping() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();

        coordinator.stopRemaining();

        assertThat(cluster.stopped).isEmpty();
        assertThat(coordinator.state()).isEqualTo(JobCoordinator.JobState.RUNNING);
    }

    @Test
    void shouldStopThroughTheClusterARelaunchedContainerThatHasNotHeartbeatedYet() {
        coordinator.start(model(4, 2), List.of());
        cluster.grantAll();
        beat("0", cluster.runnerOf("0"));
        beat("1", cluster.runnerOf("1"));
        cluster.exit(cluster.runnerOf("0"), 1);
        cluster.grantAll();

        coordinator.requestShutdown();

        assertThat(cluster.stopped).as("the relaunched process cannot hear the stop in a heartbeat")
                .containsExactly(cluster.runnerOf("0"));
        assertThat(container("0").lastReportMs()).isZero();
    }
}
