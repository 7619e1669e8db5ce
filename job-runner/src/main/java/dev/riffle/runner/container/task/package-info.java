/**
 * Running tasks: {@link dev.riffle.runner.container.task.ContainerLoop} polls the container's partitions,
 * buffers each task's records ({@link dev.riffle.runner.container.task.TaskBuffer}) and hands each
 * {@link dev.riffle.runner.container.task.TaskInstance} its batches, its {@code window()} calls and its
 * commits on time. Also here: the task's collector, coordinator and context as the job's code sees them,
 * the {@code task.*} settings, the serdes per topic, and the schedules and bookkeeping of one task.
 * Uses {@code container.commit} to commit, {@code container.retry}, {@code container.io} and
 * {@code container.errors}.
 *
 * <p>Internal to Riffle: not an API for job authors. A type is public only where another package needs
 * it: {@code ContainerLoop} for the entry point, the local runner, the test kit and the AM client (which
 * reads each {@code TaskInstance}'s thread-safe views), {@code TaskSettings} and {@code TopicSerdes} for
 * the test kit, {@code TaskFactory} for the entry point.
 */
package dev.riffle.runner.container.task;
