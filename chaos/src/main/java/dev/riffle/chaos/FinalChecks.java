package dev.riffle.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares what the job published with the truth: the final live count, the newest decided count, and
 * the whole alert sequence (after dropping repeats by {@code alert_id}, as docs/visitor-counter.md tells
 * consumers to), and checks that no {@code alert_id} came with two different contents.
 */
final class FinalChecks {

    /** One line of the verdict; {@code exactness} marks the checks that make the result "exact". */
    record Check(String name, boolean ok, boolean exactness, String detail) {
    }

    private FinalChecks() {
    }

    /** The newest live count the job published under its instance key, or null. */
    static JsonNode latestCount(final List<TopicTail.Rec> counts, final String instance) {
        JsonNode latest = null;
        for (TopicTail.Rec r : counts) {
            if (instance.equals(r.key())) {
                latest = parse(r.value());
            }
        }
        return latest;
    }

    static List<Check> compare(final IndependentTruth truth, final ChaosJob job, final JsonNode count,
            final List<TopicTail.Rec> alerts, final boolean exactlyOnceAlerts) {
        final List<Check> checks = new ArrayList<>();
        final long end = truth.newestTs();
        final long expected = truth.countAt(end);
        if (count == null) {
            checks.add(new Check("final count", false, true, "the job published no live count on " + job.counts));
            checks.add(new Check("decided count", false, true, "no live count"));
        } else {
            final long at = count.path("at").asLong(-1);
            final long got = count.path("count").asLong(-1);
            checks.add(new Check("final count", at == end && got == expected, true, "job " + got + " at " + at
                    + ", truth " + expected + " at " + end + " (the newest visit)"));
            final long decidedAt = count.path("decided_at").asLong(-1);
            final long lastDecidable = truth.lastDecidableBucket();
            final long bucket = Math.floorDiv(decidedAt, IndependentTruth.BUCKET_MS);
            final long decidedTruth = decidedAt < 0 ? -1 : truth.countOfBucket(bucket);
            final long decided = count.path("decided_count").asLong(-1);
            checks.add(new Check("decided count", decidedAt >= IndependentTruth.endOf(lastDecidable) && decided == decidedTruth,
                    true, "job " + decided + " at " + decidedAt + ", truth " + decidedTruth + " there; decisions must reach "
                    + IndependentTruth.endOf(lastDecidable)));
        }
        // The alerts up to the bucket the job must decide: a job that decided less misses the alerts after it.
        final long decidedBucket = count == null ? truth.lastDecidableBucket() : Math.max(truth.lastDecidableBucket(),
                Math.floorDiv(count.path("decided_at").asLong(-1), IndependentTruth.BUCKET_MS));
        checks.addAll(alertChecks(truth, job, alerts, decidedBucket, exactlyOnceAlerts));
        return checks;
    }

    private static List<Check> alertChecks(final IndependentTruth truth, final ChaosJob job, final List<TopicTail.Rec> alerts,
            final long decidedBucket, final boolean exactlyOnceAlerts) {
        final Map<String, JsonNode> byId = new LinkedHashMap<>();
        final List<String> conflicts = new ArrayList<>();
        int repeats = 0;
        for (TopicTail.Rec r : alerts) {
            final JsonNode alert = parse(r.value());
            final String id = alert == null ? "(unparsable: " + r.value() + ")" : alert.path("alert_id").asText("(no alert_id)");
            final JsonNode first = byId.putIfAbsent(id, alert);
            if (first != null) {
                if (first.equals(alert)) {
                    repeats++;
                } else {
                    conflicts.add(id + ": " + first + " and " + alert);
                }
            }
        }
        final List<IndependentTruth.Alert> expected = truth.alerts(job.threshold,
                IndependentTruth.rearmBelow(job.threshold, job.rearmFraction), decidedBucket);
        final List<String> want = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            final IndependentTruth.Alert a = expected.get(i);
            want.add(describe(job.instance() + "-" + (i + 1) + "-" + a.type(), a.type(), a.at(), a.count(), job.threshold));
        }
        final List<String> got = new ArrayList<>();
        byId.forEach((id, a) -> got.add(a == null ? id : describe(id, a.path("type").asText(), a.path("at").asLong(),
                a.path("count").asLong(), a.path("threshold").asLong())));
        final List<Check> checks = new ArrayList<>();
        checks.add(new Check("alert sequence", want.equals(got), true, want.equals(got)
                ? expected.size() + " alerts, as the truth has them: " + summary(expected)
                : "job (repeats dropped) " + got + ", truth " + want));
        checks.add(new Check("alert ids", conflicts.isEmpty(), true, conflicts.isEmpty()
                ? "no alert_id with two different contents (" + byId.size() + " ids)" : "conflicting: " + conflicts));
        checks.add(new Check("alert repeats", !exactlyOnceAlerts || repeats == 0, exactlyOnceAlerts, repeats
                + " repeated deliveries of an alert_id with the same content" + (exactlyOnceAlerts
                ? " (--exactly-once-alerts: none allowed)" : " (allowed: alerts are at-least-once, consumers drop repeats by id)")));
        return checks;
    }

    private static String describe(final String id, final String type, final long at, final long count, final long threshold) {
        return id + "{" + type + " at " + at + " count " + count + " threshold " + threshold + "}";
    }

    private static String summary(final List<IndependentTruth.Alert> alerts) {
        final List<String> parts = new ArrayList<>();
        alerts.forEach(a -> parts.add(a.type() + " " + a.count()));
        return String.join(", ", parts);
    }

    private static JsonNode parse(final String value) {
        final JsonNode node = Json.parse(value);
        return node.isMissingNode() ? null : node;
    }
}
