/**
 * The container's client of the application master: {@link dev.riffle.runner.container.am.AmHeartbeat}
 * reports the container's and its tasks' metrics and acts on the answer (go on, commit and stop, stop at
 * once); {@link dev.riffle.runner.container.am.AmLocator} finds the AM again through the ResourceManager
 * after an AM restart. Speaks the documents of {@code dev.riffle.runner.protocol}; reads the run loop
 * ({@code container.task}) only through its thread-safe views.
 *
 * <p>Internal to Riffle: not an API for job authors.
 */
package dev.riffle.runner.container.am;
