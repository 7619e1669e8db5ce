package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.testkit.DeadLetter;
import dev.riffle.runner.testkit.TaskTestDriver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The whole task, driven by the test kit over several partitions, against counts computed from the events. */
class VisitorCounterTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;
    private static final long START = 1_764_133_975_000L;

    private static Map<String, String> config(String... extra) {
        final Map<String, String> config = new HashMap<>(Map.of(
                "job.name", "visitor-counter",
                "task.inputs", "visits,visitor-partials",
                "task.window.ms", "1000",
                "task.checkpoint.store", "visitors",
                "streams.visits.msg.serde", "bytes",
                "stores.visitors.factory", "memory",
                "visitors.threshold", "700"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    /** Feeds events, loops the tasks' shares back to task 0 as Kafka would, and lets one window pass. */
    private static final class Harness {
        final TaskTestDriver driver;
        int forwarded;

        Harness(Map<String, String> config) {
            driver = TaskTestDriver.of(VisitorCounterTask.class, config).partitions(PARTITIONS);
        }

        void send(String visitor, String json) {
            driver.input("visits", Math.floorMod(visitor.hashCode(), PARTITIONS), visitor,
                    json.getBytes(StandardCharsets.UTF_8));
        }

        void settle() {
            driver.runUntilIdle();
            final List<OutgoingMessage> partials = driver.outputs("visitor-partials");
            for (; forwarded < partials.size(); forwarded++) {
                final OutgoingMessage p = partials.get(forwarded);
                driver.input("visitor-partials", 0, p.key(), p.value());
            }
            driver.runUntilIdle();
            driver.advanceWallClock(Duration.ofSeconds(1));
        }

        JsonNode lastCount() throws Exception {
            final List<OutgoingMessage> counts = driver.outputs("visitor-counts");
            assertThat(counts).isNotEmpty();
            return JSON.readTree((String) counts.get(counts.size() - 1).value());
        }
    }

    @Test
    void shouldCountDistinctVisitorsOfTheLastThirtyMinutesAndAlertOncePerCrossing() throws Exception {
        // 600 regular visitors over ~50 minutes of event time, then a burst of 300 new ones.
        final VisitGenerator generator = new VisitGenerator(
                new VisitGenerator.Options(6_000, 600, 7, START, 500, 5_000, 300));
        final Harness h = new Harness(config());
        long truthCheckedAt = -1;
        int sent = 0;
        for (VisitGenerator.Event e : generator) {
            h.send(e.visitor(), e.json());
            if (++sent % 500 == 0) {
                h.settle();
                final JsonNode count = h.lastCount();
                assertThat(count.get("count").asLong()).as("count after %d events", sent)
                        .isEqualTo(truth(generator, sent, count.get("at").asLong()));
                truthCheckedAt = sent;
            }
        }
        assertThat(truthCheckedAt).isEqualTo(6_000);

        final List<OutgoingMessage> alerts = h.driver.outputs("visitor-alerts");
        assertThat(alerts).hasSize(1);
        final JsonNode alert = JSON.readTree((String) alerts.get(0).value());
        assertThat(alert.get("type").asText()).isEqualTo("threshold-crossed");
        assertThat(alert.get("threshold").asLong()).isEqualTo(700);
        assertThat(alert.get("count").asLong()).isGreaterThanOrEqualTo(700);
        assertThat(alert.get("window_minutes").asInt()).isEqualTo(30);
        assertThat(alert.get("alert_id").asText()).isEqualTo("visitor-counter-1-1-threshold-crossed");
        assertThat(alerts.get(0).key()).isEqualTo("visitor-counter-1-1-threshold-crossed");
    }

    @Test
    void shouldCountEventsWhenAskedTo() throws Exception {
        final VisitGenerator generator = new VisitGenerator(new VisitGenerator.Options(3_000, 50, 3, START, 1_000, -1, 0));
        final Harness h = new Harness(config("visitors.count", "events"));
        for (VisitGenerator.Event e : generator) {
            h.send(e.visitor(), e.json());
        }
        h.settle();
        final JsonNode count = h.lastCount();
        final long end = count.get("at").asLong();
        long expected = 0;
        for (VisitGenerator.Event e : generator) {
            if (e.ts() / 60_000 > end / 60_000 - 30) {
                expected++;
            }
        }
        assertThat(end).isEqualTo(START + 2_999_000L);
        assertThat(count.get("count").asLong()).isEqualTo(expected);
    }

    @Test
    void shouldDeadLetterMalformedAndLateEventsAndKeepCounting() throws Exception {
        final Harness h = new Harness(config());
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + START + "}");
        h.settle();
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + (START + 20 * 60_000) + "}");
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + (START + 60_000) + "}");
        h.send("v-2", "{\"visitor\":\"v-2\",\"ts\":");
        h.send("v-3", "{\"ts\":" + START + "}");
        h.send("v-4", "{\"visitor\":\"v-4\",\"ts\":\"soon\"}");
        h.send("v-5", "{\"visitor\":\"v-5\"}");
        h.send("v-6", "{\"visitor\":\"v-6\",\"ts\":" + (START + 20 * 60_000) + "}");
        h.settle();

        assertThat(h.driver.deadLetters()).extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder("late", "malformed-json", "missing-visitor", "bad-ts", "missing-ts");
        assertThat(h.lastCount().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreSharesOfAnEarlierJobInstance() throws Exception {
        final Harness h = new Harness(config());
        final long[] many = new long[30];
        many[29] = 5_000;
        h.driver.input("visitor-partials", 0, "visitor-counter-0:1",
                PartialCodec.encode(new Partial(1, 99, START, START / 60_000 - 29, many)));
        h.send("v-1", "{\"visitor\":\"v-1\",\"ts\":" + START + "}");
        h.settle();
        assertThat(h.lastCount().get("count").asLong()).isEqualTo(1);
        assertThat(h.driver.outputs("visitor-alerts")).isEmpty();
    }

    @Test
    void shouldRejectBadSettingsNamingTheKey() {
        final VisitorCounterTask task = new VisitorCounterTask();
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("visitors.window.minutes", "-5"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("visitors.window.minutes");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("visitors.threshold", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("visitors.threshold");
        assertThatThrownBy(() -> task.validate(JobConfig.of(config("task.inputs", "visits"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.inputs");
    }

    /** Distinct visitors among the first {@code n} events whose minute is within 30 minutes of {@code end}. */
    private static long truth(VisitGenerator generator, int n, long end) {
        final Set<String> visitors = new HashSet<>();
        int i = 0;
        for (VisitGenerator.Event e : generator) {
            if (i++ >= n) {
                break;
            }
            if (e.ts() / 60_000 > end / 60_000 - 30 && e.ts() <= end) {
                visitors.add(e.visitor());
            }
        }
        return visitors.size();
    }
}
