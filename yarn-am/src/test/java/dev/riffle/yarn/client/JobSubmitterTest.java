package dev.riffle.yarn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.config.JobConfig;

class JobSubmitterTest {

    private static final Map<String, String> JOB = Map.of("job.name", "vc", "task.class", "a.Task", "task.inputs", "visits",
            "systems.kafka.bootstrap.servers", "127.0.0.1:9092");

    @Test
    void shouldForgetAmFailuresOlderThanAnHourByDefault() {
        final ApplicationSubmissionContext context = Records.newRecord(ApplicationSubmissionContext.class);

        JobSubmitter.describe(context, JobConfig.of(JOB));

        assertThat(context.getMaxAppAttempts()).isEqualTo(2);
        assertThat(context.getAttemptFailuresValidityInterval()).isEqualTo(3_600_000L);
        assertThat(context.getKeepContainersAcrossApplicationAttempts()).isTrue();
        assertThat(context.getApplicationName()).isEqualTo("vc_1");
    }

    @Test
    void shouldSubmitTheConfiguredAttemptsAndValidityInterval() {
        final ApplicationSubmissionContext context = Records.newRecord(ApplicationSubmissionContext.class);
        final Map<String, String> values = new HashMap<>(JOB);
        values.put("yarn.am.attempts", "3");
        values.put("yarn.am.attempt.failures.validity.ms", "120000");

        JobSubmitter.describe(context, JobConfig.of(values));

        assertThat(context.getMaxAppAttempts()).isEqualTo(3);
        assertThat(context.getAttemptFailuresValidityInterval()).isEqualTo(120_000L);
    }
}
