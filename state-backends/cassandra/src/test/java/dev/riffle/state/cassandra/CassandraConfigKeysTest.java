package dev.riffle.state.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.runner.config.ConfigValidationException;
import dev.riffle.runner.config.ConfigValidator;
import dev.riffle.runner.config.JobConfig;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cassandra backend's keys, declared by {@link CassandraBackendFactory}, as the validator checks them. */
class CassandraConfigKeysTest {

    private static final JobConfig VALID = JobConfig.of(Map.of("job.name", "j", "task.class", "com.example.Task",
            "task.inputs", "visits", "systems.kafka.bootstrap.servers", "127.0.0.1:9092",
            "stores.counts.factory", "cassandra"));

    @Test
    void shouldNameTheKeyOfEachBadValue() {
        final List<Map.Entry<String, String>> bad = List.of(
                Map.entry("stores.counts.cassandra.contact-points", "db:99999"),
                // One rule for contact points: host:port, at submission and in the container alike.
                Map.entry("stores.counts.cassandra.contact-points", "db"),
                Map.entry("stores.counts.cassandra.consistency", "SOMETIMES"),
                Map.entry("stores.counts.cassandra.keyspace", "1bad-name"));
        for (Map.Entry<String, String> entry : bad) {
            assertThatThrownBy(() -> new ConfigValidator(false).validateOrThrow(VALID.with(Map.ofEntries(entry))))
                    .as("%s", entry)
                    .isInstanceOfSatisfying(ConfigValidationException.class,
                            e -> assertThat(e.keys()).containsExactly(entry.getKey()))
                    .hasMessageStartingWith("config error: " + entry.getKey() + ": '" + entry.getValue() + "' ");
        }
    }

    @Test
    void shouldAcceptTheDefaultsAndSuggestTheClosestKey() {
        assertThat(new ConfigValidator(false).validateOrThrow(VALID)).isEmpty();
        assertThat(new ConfigValidator(false).validateOrThrow(VALID.with(Map.of(
                "stores.counts.cassandra.keyspaces", "k"))))
                .containsExactly("stores.counts.cassandra.keyspaces: unknown key; did you mean"
                        + " stores.counts.cassandra.keyspace?");
    }
}
