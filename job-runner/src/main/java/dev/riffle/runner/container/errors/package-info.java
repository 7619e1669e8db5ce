/**
 * What the container does with failures, shared by every other container package:
 * {@link dev.riffle.runner.container.errors.ContainerFailure} (stop without committing),
 * {@link dev.riffle.runner.container.errors.ErrorPolicy} ({@code task.error.policy}) and
 * {@link dev.riffle.runner.container.errors.DeadLetters} (the dead-letter record and its headers, which
 * consumers of the dead-letter topic read). Uses no other container package.
 *
 * <p>Internal to Riffle: not an API for job authors, except that the header names of
 * {@code DeadLetters} are the documented format of dead letters.
 */
package dev.riffle.runner.container.errors;
