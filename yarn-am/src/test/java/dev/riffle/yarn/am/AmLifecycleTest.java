package dev.riffle.yarn.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.WireFormat;

class AmLifecycleTest {

    private static final long GRACE_MS = 20_000;

    private final FakeClusterManager cluster = new FakeClusterManager();
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** Tasks the lifecycle scheduled, with their delays; run by the test. */
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private final List<Long> sleeps = new ArrayList<>();
    private final List<Map<String, String>> journal = new ArrayList<>();
    private AmLifecycle lifecycle;
    private JobCoordinator coordinator;

    @BeforeEach
    void setUp() throws Exception {
        lifecycle = new AmLifecycle(cluster, "job_1", GRACE_MS, (task, delayMs) -> {
            scheduled.add(task);
            delays.add(delayMs);
        }, sleeps::add, journal::add);
        coordinator = new JobCoordinator(cluster, new JobCoordinator.Settings("job_1", 3, 60_000, 30_000, 60_000,
                2_000, 16_000), lifecycle, now::get);
        lifecycle.watch(coordinator);
        cluster.register(coordinator, "am-host", 8042, "http://am-host:8042/");
        coordinator.start(JobModel.build("job", "1", List.of("in"), Map.of("in", 4), 2), List.of());
        cluster.grantAll();
    }

    private void beat(final String logicalId) {
        final String runner = cluster.runnerOf(logicalId);
        coordinator.heartbeat(logicalId, runner, new ContainerReport(WireFormat.VERSION, logicalId, runner, 1, null,
                List.of(), null));
    }

    @Test
    void shouldPassAssignmentsOnToTheJournal() {
        assertThat(journal).last().isEqualTo(Map.of(cluster.runnerOf("0"), "0", cluster.runnerOf("1"), "1"));
        assertThat(cluster.trackingUrl).isEqualTo("http://am-host:8042/");
    }

    @Test
    void shouldUnregisterSucceededWhenEveryContainerFinishesOnItsOwn() throws Exception {
        cluster.exit(cluster.runnerOf("0"), 0);
        cluster.exit(cluster.runnerOf("1"), 0);

        lifecycle.end(lifecycle.awaitEnd());

        assertThat(cluster.unregistered).singleElement().asString().startsWith("SUCCEEDED: Every container of job job_1");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldUnregisterFailedWithDiagnosticsThatHoldNoSecret() throws Exception {
        coordinator.onClusterError(new IllegalStateException("cannot reach redis://:hunter2@cache:6379"));

        final AmLifecycle.Outcome end = lifecycle.awaitEnd();
        lifecycle.end(end);

        assertThat(end.state()).isEqualTo(JobCoordinator.JobState.FAILED);
        assertThat(cluster.unregistered).singleElement().asString().startsWith("FAILED: ")
                .contains("lost its connection to the cluster").doesNotContain("hunter2");
    }

    @Test
    void shouldStopStragglersWhenTheGracePeriodEndsThenEndKilled() throws Exception {
        beat("0");
        beat("1");

        coordinator.requestShutdown();

        assertThat(delays).containsExactly(GRACE_MS);
        cluster.exit(cluster.runnerOf("0"), 0);
        assertThat(cluster.stopped).isEmpty();
        scheduled.get(0).run();
        assertThat(cluster.stopped).as("only the container that did not exit in time").containsExactly(cluster.runnerOf("1"));
        cluster.exit(cluster.runnerOf("1"), 143);

        lifecycle.end(lifecycle.awaitEnd());

        assertThat(sleeps).as("time for kill-job.sh to kill the application").containsExactly(GRACE_MS);
        assertThat(cluster.unregistered).singleElement().asString().startsWith("KILLED: Job job_1 was stopped on request");
    }

    @Test
    void shouldStopNothingWhenEveryContainerExitedWithinTheGracePeriod() throws Exception {
        beat("0");
        beat("1");
        coordinator.requestShutdown();
        cluster.exit(cluster.runnerOf("0"), 0);
        cluster.exit(cluster.runnerOf("1"), 0);

        scheduled.get(0).run();

        assertThat(cluster.stopped).isEmpty();
        assertThat(lifecycle.awaitEnd().state()).isEqualTo(JobCoordinator.JobState.STOPPED);
    }

    @Test
    void shouldUnregisterFailedWhenTheJobCannotStart() throws Exception {
        lifecycle.failStart("Topic visits does not exist; password=hunter2");

        assertThat(cluster.unregistered).singleElement().asString().startsWith("FAILED: Topic visits does not exist")
                .doesNotContain("hunter2");
    }
}
