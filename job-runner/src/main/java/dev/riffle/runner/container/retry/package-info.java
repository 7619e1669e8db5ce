/**
 * Waiting out failures that may pass: {@link dev.riffle.runner.container.retry.Retrier}, the one retry
 * layer of a task (store and broker operations, with capped exponential
 * {@link dev.riffle.runner.container.retry.Backoff}), and
 * {@link dev.riffle.runner.container.retry.DependencyWait}, which tells an unavailable dependency from
 * other failures and waits for it at start-up. Uses {@code container.io} (the clock) and
 * {@code container.errors}.
 *
 * <p>Internal to Riffle: not an API for job authors.
 */
package dev.riffle.runner.container.retry;
