package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the alerts a job instance sent against those the events call for. */
final class Alerts {

    private Alerts() {
    }

    /**
     * Exactly the alert types {@link Truth#alerts} expects, in order, each with a count on the right
     * side of the threshold or re-arm level, and with unique, deterministic ids
     * {@code <job.name>-<job.id>-<seq>-<type>} (no alert sent twice, even after a restart). Holds for a
     * job fed as live traffic ({@link VisitorJob#produceLive}); the exact count at alert time depends on
     * when the shares arrive, so only its side of the line is checked.
     *
     * @param lastCount the final count message; alerts are all sent before it
     */
    static void assertExpected(final VisitorJob job, final Iterable<VisitGenerator.Event> events, final JsonNode lastCount)
            throws Exception {
        final List<String> expected = Truth.alerts(events, job.mode, VisitorJob.THRESHOLD, VisitorJob.REARM_BELOW);
        // The last count was published after the last share arrived, so every alert is on the topic
        // already; the wait covers only the tail's own lag behind the topic.
        await(job.instance() + ": " + expected.size() + " alerts").atMost(Duration.ofSeconds(30))
                .until(() -> job.alerts.records().size() >= expected.size());
        final List<JsonNode> alerts = job.alerts();
        final List<String> types = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            final JsonNode a = alerts.get(i);
            final String type = a.get("type").asText();
            types.add(type);
            ids.add(a.get("alert_id").asText());
            assertThat(a.get("alert_id").asText()).as("alert %s", a).isEqualTo(job.instance() + "-" + (i + 1) + "-" + type);
            assertThat(a.get("threshold").asLong()).as("alert %s", a).isEqualTo(VisitorJob.THRESHOLD);
            if ("threshold-crossed".equals(type)) {
                assertThat(a.get("count").asLong()).as("alert %s", a).isGreaterThanOrEqualTo(VisitorJob.THRESHOLD);
            } else {
                assertThat(a.get("count").asLong()).as("alert %s", a).isLessThan(VisitorJob.REARM_BELOW);
            }
            assertThat(a.get("at").asLong()).as("alert %s", a).isLessThanOrEqualTo(lastCount.get("at").asLong());
        }
        assertThat(ids).as("alert ids of %s", job.instance()).doesNotHaveDuplicates();
        assertThat(types).as("alerts of %s", job.instance()).isEqualTo(expected);
        assertThat(job.alerts.records()).extracting(TopicTail.Record::key).isEqualTo(ids);
    }
}
