package dev.riffle.yarn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.riffle.runner.protocol.JobStatus;
import dev.riffle.runner.protocol.WireFormat;

class StatusTableTest {

    private static Map<String, Object> status() {
        final Map<String, Object> failed = new HashMap<>(Map.of("id", "1", "state", "WAITING", "partitions", List.of(2),
                "restarts", 2, "lastExitStatus", 1, "lastDiagnostics",
                "Exception from container-launch: task failed on record 17 of visits-2 because the value is not JSON at all\n"
                        + "Container exited with a non-zero exit code 1"));
        failed.put("host", null);
        return Map.of("job", "counter_1", "applicationId", "application_1_0001",
                "attempt", 2, "state", "RUNNING", "uptimeMs", 3_725_000, "taskCount", 3, "diagnostics", "",
                "containers", List.of(Map.of("id", "0", "state", "RUNNING", "host", "node1",
                        "yarnContainerId", "container_1_0001_02_000002", "partitions", List.of(0, 1), "restarts", 3,
                        "heartbeatAgeMs", 1_200, "metrics", Map.of("records-per-second", 1234.56, "lag", 7)), failed),
                "tasks", List.of(Map.of("partition", 0, "container", "0", "lag", 7, "records", 9000,
                                "records-per-second", 1000.0, "offsets", Map.of("visits", 500)),
                        Map.of("partition", 1, "container", "0")));
    }

    @Test
    void shouldPrintTheJobThenContainersAndTasksAsTables() {
        final String table = StatusTable.render(WireFormat.convert(status(), JobStatus.class));

        assertThat(table).startsWith("Job counter_1 (application_1_0001, AM attempt 2): RUNNING, up 1h02m, 3 tasks");
        assertThat(table).containsPattern("CONTAINER\\s+STATE\\s+HOST\\s+YARN CONTAINER\\s+PARTITIONS\\s+RESTARTS\\s+"
                + "LAST EXIT\\s+RECORDS/S\\s+LAG\\s+HEARTBEAT\\s+LAST ERROR");
        assertThat(table).containsPattern("0\\s+RUNNING\\s+node1\\s+container_1_0001_02_000002\\s+\\[0, 1]\\s+3\\s+-\\s+"
                + "1234.6\\s+7\\s+1s ago\\s+-\n");
        assertThat(table).containsPattern("Partition 0\\s+0\\s+visits:500\\s+7\\s+9000\\s+1000.0");
        assertThat(table).containsPattern("Partition 1\\s+0\\s+-\\s+-\\s+-\\s+-");
    }

    @Test
    void shouldShowTheFirstLineOfTheLastErrorShortened() {
        final String table = StatusTable.render(WireFormat.convert(status(), JobStatus.class));

        assertThat(table).containsPattern("1\\s+WAITING\\s+-\\s+-\\s+\\[2]\\s+2\\s+1\\s+-\\s+-\\s+-\\s+"
                + "Exception from container-launch: task failed on record 17\\.\\.\\.\n");
        assertThat(table).doesNotContain("non-zero exit code");
    }

    @Test
    void shouldWriteDurationsInTheirLargestUnits() {
        assertThat(StatusTable.duration(45_900)).isEqualTo("45s");
        assertThat(StatusTable.duration(725_000)).isEqualTo("12m05s");
        assertThat(StatusTable.duration(11_220_000)).isEqualTo("3h07m");
        assertThat(StatusTable.duration(187_200_000)).isEqualTo("2d04h");
        assertThat(StatusTable.duration(null)).isEqualTo("?");
    }

    @Test
    void shouldTakeTheWatchPeriodOnlyWhenANumberFollows() {
        assertThat(parse("--watch", "application_1_0001")).containsExactly(2, "application_1_0001");
        assertThat(parse("--watch", "5", "application_1_0001")).containsExactly(5, "application_1_0001");
        assertThat(parse("--watch=7", "application_1_0001")).containsExactly(7, "application_1_0001");
        assertThat(parse("application_1_0001", "--watch")).containsExactly(2, "application_1_0001");
        assertThat(parse("application_1_0001")).containsExactly(null, "application_1_0001");
    }

    private static List<Object> parse(final String... args) {
        final StatusJob job = new StatusJob();
        new CommandLine(job).parseArgs(args);
        return Arrays.asList(job.watchSeconds(), job.appId());
    }

    @Test
    void shouldRejectAWatchPeriodBelowOneSecondAsBadUsage() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new CommandLine(new StatusJob(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("application_1_0001", "--watch", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--watch takes a whole number of seconds");
    }
}
