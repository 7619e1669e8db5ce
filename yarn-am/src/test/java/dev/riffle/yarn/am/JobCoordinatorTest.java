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
import dev.riffle.runner.protocol.HeartbeatReply;
import dev.riffle.runner.protocol.WireFormat;

class JobCoordinatorTest {

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

    private JobCoordinator coordinator(final int retries, final long windowMs) {
        final JobCoordinator c = new JobCoordinator(cluster, new JobCoordinator.Settings("job_1", retries, windowMs),
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
}
