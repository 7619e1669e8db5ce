package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FixturesExtension.class)
class YarnFixtureIT {

    private static final EnumSet<YarnApplicationState> DONE =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    @Test
    void shouldRegisterTwoRunningNodeManagers(final YarnFixture yarn) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.configuration());
            client.start();

            assertThat(client.getNodeReports(NodeState.RUNNING)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldRunAnApplicationMasterThatFindsTheResourceManagerOnItsClasspath(final YarnFixture yarn) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.configuration());
            client.start();
            final ApplicationSubmissionContext context = application(client, yarn, "riffle-smoke",
                    ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx128m "
                            + ApplicationConstants.JVM_ADD_OPENS_VAR + " " + SmokeApplicationMaster.class.getName());

            final ApplicationId id = client.submitApplication(context);
            await("application " + id + " to finish").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> DONE.contains(client.getApplicationReport(id).getYarnApplicationState()));
            final ApplicationReport report = client.getApplicationReport(id);

            assertThat(report.getFinalApplicationStatus())
                    .as("final status of %s (diagnostics: %s)", id, report.getDiagnostics())
                    .isEqualTo(FinalApplicationStatus.SUCCEEDED);
        }
    }

    @Test
    void shouldExposeThePidOfARunningContainer(final YarnFixture yarn) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.configuration());
            client.start();
            // An AM that never registers: it just runs until the application is killed.
            final ApplicationId id = client.submitApplication(application(client, yarn, "riffle-smoke-pid", "sleep 300"));
            final ContainerId amContainer = await("the AM container of " + id).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> amContainerOf(client, id), Objects::nonNull);

            final long pid = await("the PID file of " + amContainer).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> yarn.containerPid(amContainer), Optional::isPresent).orElseThrow();
            assertThat(ProcessHandle.of(pid)).as("process %d of container %s", pid, amContainer).isPresent();

            client.killApplication(id);
            await("process " + pid + " of the killed container " + amContainer + " to exit")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        }
    }

    private static ApplicationSubmissionContext application(final YarnClient client, final YarnFixture yarn,
                                                            final String name, final String command) throws Exception {
        final YarnClientApplication app = client.createApplication();
        final ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
        context.setApplicationName(name);
        context.setMaxAppAttempts(1);
        context.setResource(Resource.newInstance(256, 1));
        context.setAMContainerSpec(ContainerLaunchContext.newInstance(
                Map.of(), Map.of("CLASSPATH", yarn.containerClasspath()),
                List.of(command + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                        + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr"),
                null, null, null));
        return context;
    }

    private static ContainerId amContainerOf(final YarnClient client, final ApplicationId id) throws Exception {
        final ApplicationReport report = client.getApplicationReport(id);
        if (report.getCurrentApplicationAttemptId() == null) {
            return null;
        }
        return client.getApplicationAttemptReport(report.getCurrentApplicationAttemptId()).getAMContainerId();
    }
}
