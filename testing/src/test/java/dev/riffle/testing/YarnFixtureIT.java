package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
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
            final YarnClientApplication app = client.createApplication();
            final ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
            context.setApplicationName("riffle-smoke");
            context.setMaxAppAttempts(1);
            context.setResource(Resource.newInstance(256, 1));
            context.setAMContainerSpec(ContainerLaunchContext.newInstance(
                    Map.of(), Map.of("CLASSPATH", yarn.containerClasspath()),
                    List.of(ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx128m "
                            + ApplicationConstants.JVM_ADD_OPENS_VAR + " " + SmokeApplicationMaster.class.getName()
                            + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                            + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr"),
                    null, null, null));

            final ApplicationId id = client.submitApplication(context);
            await("application " + id + " to finish").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> DONE.contains(client.getApplicationReport(id).getYarnApplicationState()));
            final ApplicationReport report = client.getApplicationReport(id);

            assertThat(report.getFinalApplicationStatus())
                    .as("final status of %s (diagnostics: %s)", id, report.getDiagnostics())
                    .isEqualTo(FinalApplicationStatus.SUCCEEDED);
        }
    }
}
