/**
 * Riffle's public API for job authors: a task implements {@link dev.riffle.api.StreamTask} or
 * {@link dev.riffle.api.BatchTask}, optionally {@link dev.riffle.api.InitableTask},
 * {@link dev.riffle.api.WindowableTask} and {@link dev.riffle.api.ClosableTask}.
 *
 * <p>Lifecycle of a task, all on one thread: {@code init} once; then {@code process} for each
 * message or batch and {@code window} every {@code task.window.ms}, interleaved, never concurrently;
 * a commit (stores, output, offsets) every {@code task.commit.ms} or on request; {@code close}
 * once after the last commit of a clean shutdown.
 */
package dev.riffle.api;
