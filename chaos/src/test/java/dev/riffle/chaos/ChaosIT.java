package dev.riffle.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/chaos.sh} itself, seeded and about five minutes long, with the faults the job is meant to
 * survive today: container SIGKILL, a container frozen (SIGSTOP) and woken (SIGCONT), and an AM kill. The
 * harness starts its own grid (Kafka, YARN, Redis) on free ports under {@code target/chaos-it}, so this test
 * runs exactly the code an operator runs. It must exit 0 with every fault injected and resumed and every
 * check against the truth passed: the final and decided counts and the alert sequence exact, no alert id
 * with two contents, the job still RUNNING.
 */
class ChaosIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "chaos-it").toAbsolutePath();

    @Test
    void shouldStayExactAndResumeAfterContainerKillsAFrozenContainerAndAnAmKill() throws Exception {
        final Path runDir = WORK.resolve("run");
        final Path log = WORK.resolve("chaos.log");
        Files.createDirectories(WORK);
        final int exit = run(log, "scripts/chaos.sh", "--duration", "300", "--seed", "4",
                "--faults", "container-kill,container-stop,am-kill", "--am-kills", "1", "--stop-seconds", "30",
                "--grid-home", WORK.resolve("grid").toString(), "--run-dir", runDir.toString());
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print(output);
        final Path reportFile = runDir.resolve("report.json");
        assertThat(reportFile).as("the report; the harness's output:%n%s", output).isRegularFile();
        final JsonNode report = new ObjectMapper().readTree(reportFile.toFile());

        final List<String> injected = new ArrayList<>();
        for (JsonNode fault : report.path("faults")) {
            injected.add(fault.path("fault").asText());
            assertThat(fault.path("verdict").asText()).as("fault %s", fault).isEqualTo("resumed");
        }
        assertThat(injected).as("faults of the run").contains("container-kill", "container-stop", "am-kill");
        for (JsonNode check : report.path("checks")) {
            assertThat(check.path("ok").asBoolean()).as("check %s", check).isTrue();
        }
        assertThat(report.path("checks")).extracting(c -> c.path("name").asText())
                .contains("job state", "final count", "decided count", "alert sequence", "alert ids");
        assertThat(report.path("exact").asBoolean()).isTrue();
        assertThat(exit).as("chaos.sh exit status; output in %s", log).isEqualTo(0);
        System.out.printf("NUMBERS chaos.sh 300 s (container kill, frozen container, AM kill): median resume after a"
                + " container kill %s s%n", report.path("medianContainerKillResumeSeconds").asText());
    }

    private static int run(final Path log, final String... command) throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The harness's grid writes its own Hadoop configuration; a MiniYARNCluster's must not leak in.
        builder.environment().remove("HADOOP_CONF_DIR");
        builder.environment().remove("RIFFLE_GRID_HOME");
        final Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            // SIGTERM first: the harness's shutdown hook wakes frozen processes, kills the job, stops its grid.
            process.destroy();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            throw new AssertionError(String.join(" ", command) + " did not end within 20 minutes; its output is in " + log);
        }
        return process.exitValue();
    }
}
