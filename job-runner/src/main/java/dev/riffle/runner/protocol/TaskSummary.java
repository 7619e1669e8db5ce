package dev.riffle.runner.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One task in a heartbeat, as {@code /api/status} shows it.
 *
 * @param partition the task's number (= the partition it reads of each input)
 * @param offsets next offset to read per input topic, as of the task's last commit
 * @param lag records behind the end of its partitions
 */
public record TaskSummary(int partition, Map<String, Long> offsets, long lag, long records,
                          @JsonProperty("records-per-second") double recordsPerSecond) {

    public TaskSummary {
        offsets = offsets == null ? Map.of() : Map.copyOf(offsets);
    }
}
