package dev.riffle.yarn.am.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import dev.riffle.runner.protocol.ContainerReport;
import dev.riffle.runner.protocol.WireFormat;
import dev.riffle.yarn.am.JobSnapshot;

class AmMetricsTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldPublishTheAmStateAsAnMBeanThatFollowsTheCoordinator() throws Exception {
        final AtomicReference<JobSnapshot> job = new AtomicReference<>(new JobSnapshot("jmx-job_1", "STARTING", "", 2,
                List.of(new JobSnapshot.Container("0", List.of(0, 1), "WAITING", null, null, 0, null, null, null, 0))));
        AmMetrics.publish(job::get);
        final ObjectName name = new ObjectName("dev.riffle:type=ApplicationMaster,job=jmx-job_1");

        assertThat(server.getAttribute(name, "state")).isEqualTo("STARTING");
        assertThat(server.getAttribute(name, "containers-waiting")).isEqualTo(1L);

        job.set(new JobSnapshot("jmx-job_1", "RUNNING", "", 2, List.of(new JobSnapshot.Container("0", List.of(0, 1),
                "RUNNING", "container_1", "h1", 1, 137, "killed", WireFormat.convert(Map.of("metrics", Map.of("records", 40)),
                ContainerReport.class), 5))));

        assertThat(server.getAttribute(name, "state")).isEqualTo("RUNNING");
        assertThat(server.getAttribute(name, "containers-running")).isEqualTo(1L);
        assertThat(server.getAttribute(name, "container-restarts")).isEqualTo(1L);
        assertThat(server.getAttribute(name, "records")).isEqualTo(40L);
        server.unregisterMBean(name);
    }
}
