/**
 * A task's commits: {@link dev.riffle.runner.container.commit.CommitProtocol} (stores, then producer,
 * then offsets), {@link dev.riffle.runner.container.commit.TaskCommits} (when and where a commit runs,
 * the committed offsets it publishes), {@link dev.riffle.runner.container.commit.BackgroundCommit}
 * ({@code task.commit.background}), {@link dev.riffle.runner.container.commit.CheckpointReconciler}
 * (a commit whose outcome is unknown), {@link dev.riffle.runner.container.commit.CheckpointWitness}
 * (a checkpoint store that lost data) and {@link dev.riffle.runner.container.commit.TaskOffsets}
 * (positions and committed offsets). Uses {@code container.retry}, {@code container.io} and
 * {@code container.errors}, never the task's code.
 *
 * <p>Internal to Riffle: not an API for job authors; types are public only for {@code container.task}.
 */
package dev.riffle.runner.container.commit;
