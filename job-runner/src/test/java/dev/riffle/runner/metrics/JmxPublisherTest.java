package dev.riffle.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

class JmxPublisherTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldPublishTaskAndContainerMetricsAsMBeansAndRemoveThemOnClose() throws Exception {
        final ContainerStats container = new ContainerStats("visitor-counter-1", "0");
        final TaskStats task = new TaskStats("Partition 3");
        container.add(task);
        task.batchProcessed(500, 2_000_000);
        task.batchProcessed(100, 1_000_000);
        task.deadLettered();
        task.lag("visits-3", 42);
        task.increment("late-events", 5);

        final ObjectName taskName = JmxPublisher.taskName("visitor-counter-1", "0", "Partition 3");
        final ObjectName containerName = new ObjectName("dev.riffle:job=visitor-counter-1,container=0,type=Container");
        try (JmxPublisher jmx = JmxPublisher.publish(container)) {
            assertThat(server.getAttribute(taskName, "records")).isEqualTo(600L);
            assertThat(server.getAttribute(taskName, "batch-size-min")).isEqualTo(100L);
            assertThat(server.getAttribute(taskName, "batch-size-max")).isEqualTo(500L);
            assertThat(server.getAttribute(taskName, "batch-size-avg")).isEqualTo(300.0);
            assertThat(server.getAttribute(taskName, "process-ms-avg")).isEqualTo(1.5);
            assertThat(server.getAttribute(taskName, "dead-lettered")).isEqualTo(1L);
            assertThat(server.getAttribute(taskName, "lag.visits-3")).isEqualTo(42L);
            assertThat(server.getAttribute(taskName, "task.late-events")).isEqualTo(5L);
            assertThat(server.getAttribute(containerName, "records")).isEqualTo(600L);
            assertThat(server.getAttribute(containerName, "lag")).isEqualTo(42L);
        }
        assertThat(server.isRegistered(taskName)).isFalse();
        assertThat(server.isRegistered(containerName)).isFalse();
    }

    @Test
    void shouldComputeRecordsPerSecondOverTheLastInterval() {
        final TaskStats task = new TaskStats("Partition 0");
        task.tick(10_000);
        task.batchProcessed(3000, 1);

        task.tick(12_000);

        assertThat(task.snapshot()).containsEntry("records-per-second", 1500.0);
    }
}
