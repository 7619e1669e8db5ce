package dev.riffle.yarn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LogsJobTest {

    private static final String CONTAINER_10 = "2026-11-26T11:20:31,412 INFO  [main] job=vc-1 container=10 task=Partition 3"
            + " TaskInstance - Task Partition 3 starts\n";
    private static final String AM = "2026-11-26T11:20:29,877 INFO  [main] container=am ApplicationMaster - started\n";

    @Test
    void shouldRecogniseALogicalContainerByItsExactIdInTheLogLines() {
        assertThat(LogsJob.isLogicalContainer(CONTAINER_10, "10")).isTrue();
        assertThat(LogsJob.isLogicalContainer(CONTAINER_10, "1")).isFalse();
        assertThat(LogsJob.isLogicalContainer(AM, "am")).isTrue();
        assertThat(LogsJob.isLogicalContainer(AM, "0")).isFalse();
    }

    @Test
    void shouldTakeTheLogOutOfLogsClisOutputWithoutTheHeadersThatChange() {
        final String read = "Container: container_1_0001_01_000002 on localhost_41234\nLogAggregationType: LOCAL\n"
                + "====\nLogType:stdout\nLogLastModifiedTime:Thu Nov 26 11:20:33 +0000 2026\nLogLength:12\n"
                + "LogContents:\nline 1\nline 2\n\nEnd of LogType:stdout\n****\n";

        assertThat(LogsJob.contentsOf(read)).isEqualTo("line 1\nline 2\n");
        assertThat(LogsJob.added(LogsJob.contentsOf(read), LogsJob.contentsOf(read.replace("line 2\n", "line 2\nline 3\n"))))
                .isEqualTo("line 3\n");
        assertThat(LogsJob.contentsOf("no structure\n")).isEqualTo("no structure\n");
    }

    @Test
    void shouldPrintOnlyWhatARereadAddsUnlessItIsANewLog() {
        assertThat(LogsJob.added(null, "a\n")).isEqualTo("a\n");
        assertThat(LogsJob.added("a\n", "a\nb\n")).isEqualTo("b\n");
        assertThat(LogsJob.added("a\nb\n", "a\nb\n")).isEmpty();
        assertThat(LogsJob.added("a\nb\n", "c\n")).isEqualTo("c\n");
    }

    @Test
    void shouldExitWithStatusTwoOnAContainerThatIsNeitherANumberNorAm() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new CommandLine(new LogsJob(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("application_1_0001", "--container", "first");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--container takes a logical container number");
    }

    @Test
    void shouldExitWithStatusTwoOnSomethingThatIsNotAnApplicationId() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new CommandLine(new LogsJob(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("app-42");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'app-42' is not a YARN application id");
    }
}
