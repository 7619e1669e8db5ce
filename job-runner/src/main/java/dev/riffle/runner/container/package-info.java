/**
 * A container process: its entry point ({@link dev.riffle.runner.container.ContainerMain}, exit statuses,
 * the AM heartbeat), its wiring on real Kafka clients ({@link dev.riffle.runner.container.Containers}),
 * its stop on SIGTERM ({@link dev.riffle.runner.container.ShutdownHook}) and a test-only crash
 * ({@link dev.riffle.runner.container.CrashAfterFlush}).
 *
 * <p>The runtime below it is split by concern, each sub-package using only those listed after it
 * ({@code ContainerPackagesTest} keeps it so): {@code am} (the AM client), {@code task} (the run loop
 * and the tasks it runs), {@code commit} (the commit protocol and checkpoints), {@code retry} (the one
 * retry layer), {@code io} (Kafka input and output, the clock), {@code errors} (failures, the error
 * policy, dead letters). docs/architecture.md has the map.
 *
 * <p>Internal to Riffle: not an API for job authors, who use {@code dev.riffle.api} and the test kit
 * ({@code riffle-test-kit}, package {@code dev.riffle.testkit}); public types here may change in any release.
 */
package dev.riffle.runner.container;
