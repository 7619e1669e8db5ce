package dev.riffle.runner.container.io;

/**
 * What a container talks to: its input, its output, where group offsets go, and its clock. Kafka
 * clients in production ({@link KafkaIo}); in-memory fakes in the test kit and unit tests.
 *
 * @param source the input
 * @param output the output
 * @param committer the group-offset committer
 * @param clock the wall clock
 */
public record ContainerIo(RecordSource source, OutputSink output, OffsetCommitter committer, WallClock clock) {
}
