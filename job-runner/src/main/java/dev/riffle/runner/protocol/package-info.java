/**
 * What the application master and its containers say to each other, and what the AM tells its
 * clients, as typed documents: a container's heartbeat ({@link dev.riffle.runner.protocol.ContainerReport}
 * with {@link dev.riffle.runner.protocol.ContainerTotals}, {@link dev.riffle.runner.protocol.TaskSummary}
 * and {@link dev.riffle.runner.protocol.TaskReport}), the AM's answer
 * ({@link dev.riffle.runner.protocol.HeartbeatReply}), the model a container is launched with
 * ({@link dev.riffle.runner.protocol.ContainerModelDocument}) and the job's status
 * ({@link dev.riffle.runner.protocol.JobStatus}, {@code GET /api/status}); and how a container is started
 * and how it ends ({@link dev.riffle.runner.protocol.ContainerLaunch}: main class, environment, exit statuses).
 *
 * <p>Both sides write and read them only through {@link dev.riffle.runner.protocol.WireFormat}, which
 * holds the protocol version and its rules (docs/yarn.md, section 4). Internal to Riffle: not an API
 * for job authors.
 */
package dev.riffle.runner.protocol;
