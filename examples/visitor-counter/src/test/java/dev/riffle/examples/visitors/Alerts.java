package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the alerts a job instance sent against those the events call for. */
final class Alerts {

    private static final long MINUTE = 60_000;

    private Alerts() {
    }

    /**
     * Waits until the job has decided every bucket the events let it decide once all partitions are
     * idle, then checks that the decided count and exactly the alerts {@link Truth#alerts} computes up
     * to the job's last decided bucket were sent: same types, {@code at} and counts, in order, with
     * unique, deterministic ids {@code <job.name>-<job.id>-<seq>-<type>} (no alert sent twice: for runs
     * without a container death between a producer flush and a checkpoint).
     */
    static void assertExpected(final VisitorJob job, final List<VisitGenerator.Event> events) throws Exception {
        assertExpected(job, events, false);
    }

    /**
     * As {@link #assertExpected(VisitorJob, List)}; with {@code repeatsAllowed}, an alert may be on the topic
     * more than once (delivery is at-least-once: a container that dies after the producer flush and before
     * the checkpoint sends it again), but every copy must be identical to the first, same {@code alert_id}
     * and same content; the alerts without repeats must be exactly those expected.
     */
    static void assertExpected(final VisitorJob job, final List<VisitGenerator.Event> events, final boolean repeatsAllowed)
            throws Exception {
        final long lower = Truth.lastDecidable(events, VisitorJob.PARTITIONS);
        final JsonNode[] last = new JsonNode[1];
        await(job.instance() + ": decisions up to bucket " + lower).atMost(YarnJobs.TIMEOUT).untilAsserted(() -> {
            last[0] = job.latestCount();
            assertThat(last[0]).as("live count of %s", job.instance()).isNotNull();
            assertThat(last[0].path("decided_at").asLong(-1)).as("decided_at of %s", last[0])
                    .isGreaterThanOrEqualTo((lower + 1) * MINUTE - 1);
        });
        final long decided = last[0].get("decided_at").asLong() / MINUTE;
        assertThat(last[0].get("decided_count").asLong()).as("decided count of %s", last[0])
                .isEqualTo(Truth.countAt(events, job.mode, decided));
        final List<Truth.Alert> expected = Truth.alerts(events, job.mode, VisitorJob.THRESHOLD, VisitorJob.REARM_BELOW,
                decided);
        // Alerts are sent before the count that reports their decision; the wait covers the tail's lag.
        await(job.instance() + ": " + expected.size() + " alerts").atMost(Duration.ofSeconds(30))
                .until(() -> distinct(job.alerts()).size() >= expected.size());
        final List<JsonNode> alerts = repeatsAllowed ? distinct(job.alerts()) : job.alerts();
        final List<Truth.Alert> actual = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            final JsonNode a = alerts.get(i);
            final String type = a.get("type").asText();
            actual.add(new Truth.Alert(type, a.get("at").asLong(), a.get("count").asLong()));
            ids.add(a.get("alert_id").asText());
            assertThat(a.get("alert_id").asText()).as("alert %s", a).isEqualTo(job.instance() + "-" + (i + 1) + "-" + type);
            assertThat(a.get("threshold").asLong()).as("alert %s", a).isEqualTo(VisitorJob.THRESHOLD);
        }
        assertThat(ids).as("alert ids of %s", job.instance()).doesNotHaveDuplicates();
        assertThat(actual).as("alerts of %s", job.instance()).isEqualTo(expected);
        final List<String> keys = job.alerts.records().stream().map(TopicTail.Record::key).toList();
        assertThat(repeatsAllowed ? keys.stream().distinct().toList() : keys).isEqualTo(ids);
    }

    /** The alerts without repeats, in order of first appearance; fails when two copies of an id differ. */
    static List<JsonNode> distinct(final List<JsonNode> alerts) {
        final Map<String, JsonNode> first = new LinkedHashMap<>();
        for (JsonNode a : alerts) {
            final JsonNode earlier = first.putIfAbsent(a.path("alert_id").asText(), a);
            if (earlier != null) {
                assertThat(a).as("a repeat of alert %s", earlier.path("alert_id").asText()).isEqualTo(earlier);
            }
        }
        return new ArrayList<>(first.values());
    }
}
