package dev.riffle.runner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.riffle.runner.metrics.TaskStats;

/** The version rules of {@link WireFormat}, on the documents that cross the AM/container boundary. */
class WireFormatTest {

    /** A heartbeat exactly as a container of the build before versioned documents posted it. */
    private static final String UNVERSIONED_HEARTBEAT = """
            {"container":"0","yarnContainerId":"container_1_0001_01_000002","pid":4242,
             "metrics":{"commits":2,"dead-lettered":1,"heartbeat-failures":0,"heartbeats":5,"lag":7,
                        "paused-partitions":0,"polls":40,"records":500,"records-per-second":12.5,"skipped":0,"tasks":1},
             "tasks":[{"partition":2,"offsets":{"visits":500},"lag":7,"records":500,"records-per-second":12.5}],
             "measurements":{"polls":40,"paused-partitions":0,"heartbeat-failures":0,
                             "tasks":[{"task":"Partition 2","records":500,"records-per-second":12.5,"batches":2,
                                       "commits":2,"windows":0,"skipped":0,"retries":0,"dead-lettered":1,
                                       "dead-lettered-by-reason":{"late":1},
                                       "batch-size":{"bounds":[1.0,10.0],"counts":[0,0,2],"sum":500.0,"count":2},
                                       "lag":[{"topic":"visits","partition":"2","lag":7}],"stores":[],
                                       "partition":2,"offsets":{"visits":500}}]}}
            """;

    @Test
    void shouldReadAnUnversionedHeartbeatOfAnOlderBuildAsVersionOne() {
        final ContainerReport report = WireFormat.read(UNVERSIONED_HEARTBEAT, ContainerReport.class);

        assertThat(report.protocol()).isZero();
        assertThat(report.container()).isEqualTo("0");
        assertThat(report.pid()).isEqualTo(4242);
        assertThat(report.metrics().recordsPerSecond()).isEqualTo(12.5);
        assertThat(report.metrics().deadLettered()).isEqualTo(1);
        assertThat(report.tasks()).containsExactly(new TaskSummary(2, Map.of("visits", 500L), 7, 500, 12.5));
        final TaskReport task = report.measurements().tasks().get(0);
        assertThat(task.deadLetteredByReason()).containsEntry("late", 1L);
        assertThat(task.batchSize().wellFormed()).isTrue();
        assertThat(task.lag()).containsExactly(new TaskReport.PartitionLag("visits", 2, 7));
    }

    @Test
    void shouldRefuseADocumentOfANewerVersionSayingWhyAndWhatToDo() {
        final String newer = "{\"protocol\":" + (WireFormat.VERSION + 1) + ",\"container\":\"0\",\"yarnContainerId\":\"c\"}";

        assertThatThrownBy(() -> WireFormat.read(newer, ContainerReport.class))
                .isInstanceOfSatisfying(UnsupportedProtocolException.class,
                        e -> assertThat(e.version()).isEqualTo(WireFormat.VERSION + 1))
                .hasMessageContaining("ContainerReport document has protocol version " + (WireFormat.VERSION + 1))
                .hasMessageContaining("reads versions up to " + WireFormat.VERSION)
                .hasMessageContaining("yarn.package.path");
        assertThatThrownBy(() -> WireFormat.read("{\"protocol\":-1}", HeartbeatReply.class))
                .isInstanceOf(UnsupportedProtocolException.class);
    }

    @Test
    void shouldIgnoreFieldsAddedByALaterBuildOfTheSameVersion() {
        final HeartbeatReply reply = WireFormat.read("{\"protocol\":1,\"recognised\":true,\"shutdown\":false,"
                + "\"reason\":\"\",\"next-heartbeat-ms\":500}", HeartbeatReply.class);

        assertThat(reply).isEqualTo(HeartbeatReply.of(true, false, ""));
    }

    @Test
    void shouldReadTheReplyOfAnUnversionedAmAndNoticeAnIncompleteOne() {
        assertThat(WireFormat.read("{\"recognised\": false, \"shutdown\": true, \"reason\": \"zombie\"}",
                HeartbeatReply.class).complete()).isTrue();
        assertThat(WireFormat.read("{\"recognised\": true}", HeartbeatReply.class).complete()).isFalse();
        assertThatThrownBy(() -> WireFormat.read("not json", HeartbeatReply.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a HeartbeatReply document");
    }

    @Test
    void shouldWriteTheDocumentedHyphenatedNamesAndReadThemBack() {
        final TaskStats stats = new TaskStats("Partition 0");
        stats.batchProcessed(3, 1_000);
        final ContainerReport report = new ContainerReport(WireFormat.VERSION, "0", "container_x", 7,
                new ContainerTotals(1, 3, 1.5, 0, 0, 0, 0, 2, 0, 1, 0),
                List.of(new TaskSummary(0, Map.of("in", 3L), 0, 3, 1.5)),
                new ContainerReport.Measurements(2, 0, 0, List.of(stats.report(0, Map.of("in", 3L)))));

        final String json = WireFormat.toJson(report);

        assertThat(json).contains("\"protocol\":" + WireFormat.VERSION, "\"records-per-second\":1.5",
                "\"paused-partitions\":0", "\"heartbeat-failures\":0", "\"batch-size\":", "\"dead-lettered-by-reason\":");
        assertThat(WireFormat.read(json, ContainerReport.class)).isEqualTo(report);
    }
}
