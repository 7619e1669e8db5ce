package dev.riffle.runner.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A container's totals over its tasks plus its own counters: the {@code metrics} of a heartbeat,
 * shown as is by {@code /api/status}. The JSON names are the hyphenated ones docs/yarn.md shows.
 */
public record ContainerTotals(long tasks, long records,
                              @JsonProperty("records-per-second") double recordsPerSecond,
                              @JsonProperty("dead-lettered") long deadLettered,
                              long skipped, long lag, long commits, long polls,
                              @JsonProperty("paused-partitions") long pausedPartitions,
                              long heartbeats,
                              @JsonProperty("heartbeat-failures") long heartbeatFailures) {
}
