/**
 * What a container talks to: {@link dev.riffle.runner.container.io.ContainerIo} bundles its input
 * ({@link dev.riffle.runner.container.io.RecordSource}), output
 * ({@link dev.riffle.runner.container.io.OutputSink}), group-offset committer and clock
 * ({@link dev.riffle.runner.container.io.WallClock}). {@link dev.riffle.runner.container.io.KafkaIo}
 * builds them on one Kafka consumer and one producer; the producer's sink applies
 * {@code task.error.policy} to sends that fail for good. {@code dev.riffle.runner.testsupport} implements
 * the interfaces in memory, for the runtime's tests and the test kit.
 * Uses only {@code container.errors}.
 *
 * <p>Internal to Riffle: not an API for job authors.
 */
package dev.riffle.runner.container.io;
