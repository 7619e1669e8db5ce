package dev.riffle.runner.container.task;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.container.commit.CheckpointWitness;
import dev.riffle.runner.container.errors.ErrorPolicy;

/**
 * The {@code task.*} settings the run loop uses, read once from the job's configuration.
 *
 * @param batchSize {@code task.batch.size}
 * @param batchWaitMs {@code task.batch.wait.ms}
 * @param windowMs {@code task.window.ms}, {@code -1} never
 * @param commitMs {@code task.commit.ms}, {@code 0} after every batch
 * @param errorPolicy {@code task.error.policy}
 * @param deadLetterTopic {@code task.dead-letter.topic}, default {@code <job.name>-dead-letters}
 * @param backgroundCommit {@code task.commit.background}: checkpoint commits on a thread of their own
 * @param checkpointStore {@code task.checkpoint.store}, or null
 * @param onStateLoss {@code task.state.lost}
 * @param jobInstance {@code <job.name>-<job.id>}, for messages
 * @param bufferMaxBytes {@code task.buffer.max.bytes}: polled bytes a task holds before its partitions pause
 */
public record TaskSettings(int batchSize, long batchWaitMs, long windowMs, long commitMs, ErrorPolicy errorPolicy,
                           String deadLetterTopic, boolean backgroundCommit, String checkpointStore,
                           CheckpointWitness.OnLoss onStateLoss, String jobInstance,
                           long bufferMaxBytes) {

    /** Reads the settings, failing with {@code config error: <key>: <problem>} on a bad value. */
    public static TaskSettings from(final JobConfig config) {
        final String deadLetters = config.get(RiffleConfig.TASK_DEAD_LETTER_TOPIC);
        return new TaskSettings(
                config.get(RiffleConfig.TASK_BATCH_SIZE),
                config.get(RiffleConfig.TASK_BATCH_WAIT_MS),
                config.get(RiffleConfig.TASK_WINDOW_MS),
                config.get(RiffleConfig.TASK_COMMIT_MS),
                ErrorPolicy.parse(config.get(RiffleConfig.TASK_ERROR_POLICY)),
                deadLetters == null || deadLetters.isBlank()
                        ? config.get(RiffleConfig.JOB_NAME) + "-dead-letters" : deadLetters.trim(),
                config.get(RiffleConfig.TASK_COMMIT_BACKGROUND),
                config.get(RiffleConfig.TASK_CHECKPOINT_STORE),
                CheckpointWitness.OnLoss.parse(config.get(RiffleConfig.TASK_STATE_LOST)),
                JobIdentity.of(config).instance(),
                config.get(RiffleConfig.TASK_BUFFER_MAX_BYTES));
    }
}
