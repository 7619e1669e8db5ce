package dev.riffle.examples.visitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.riffle.api.IncomingMessage;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.store.KeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 0's second role: combines the shares of all tasks per bucket, decides alerts bucket by bucket
 * once every task has completed the bucket (a {@link BucketDecider}), and publishes the live count.
 * Its state (what it still needs of every task's shares, the last decided bucket and the alert state)
 * is one store entry, {@code agg}, committed with task 0's offsets.
 */
final class Aggregator {

    /** The webhook request header that carries the alert's {@code alert_id}, so that the receiver can drop repeats. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);

    private final VisitorSettings settings;
    private final KeyValueStore<String, String> store;
    private final String instance;
    private final BucketDecider decider;
    private final ThresholdAlerts alerts;
    private final HttpClient http;
    private final VisitsTopic kafka;
    private String lastPublished;

    /**
     * @param instance {@code <job.name>-<job.id>}; shares of other instances are ignored
     * @param tasks the number of tasks, i.e. partitions of the visits topic
     * @param kafka where to check that idle tasks have read their partition to the end; null to believe them
     */
    Aggregator(VisitorSettings settings, KeyValueStore<String, String> store, String instance, int tasks,
            VisitsTopic kafka) {
        this.settings = settings;
        this.kafka = kafka;
        this.store = store;
        this.instance = instance;
        this.decider = new BucketDecider(settings.windowBuckets(), tasks);
        this.alerts = new ThresholdAlerts(settings.threshold(), settings.rearmFraction());
        this.http = settings.webhook() == null ? null
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    void restore() {
        final String saved = store.get("agg");
        if (saved == null) {
            return;
        }
        try {
            final JsonNode node = PartialCodec.JSON.readTree(saved);
            alerts.restore(node.path("armed").asBoolean(true), node.path("seq").asLong());
            final List<Share> shares = new ArrayList<>();
            for (JsonNode share : node.path("shares")) {
                shares.add(PartialCodec.shareFromJson(share));
            }
            decider.restore(shares, node.path("lastDecided").asLong(Long.MIN_VALUE),
                    node.path("lastDecidedCount").asLong(-1));
        } catch (IOException e) {
            throw new UncheckedIOException("the aggregator state under key 'agg' is not valid JSON", e);
        }
    }

    void take(List<IncomingMessage> messages, MessageCollector collector, TaskCoordinator coordinator) {
        boolean changed = false;
        for (IncomingMessage message : messages) {
            final String key = String.valueOf(message.key());
            if (key.startsWith(instance + ":")) {
                changed |= decider.offer(PartialCodec.decodeShare(String.valueOf(message.value())));
            }
        }
        if (!changed) {
            return;
        }
        // Idle tasks are waited for here; window() checks with Kafka which of them really are idle.
        decideAndSave(Set.of(), true, collector, coordinator);
    }

    /**
     * Every second: if some task says it is idle, asks Kafka which of them have read their partition
     * to the end, and decides what that allows.
     */
    void decideWithIdleTasks(MessageCollector collector, TaskCoordinator coordinator) {
        final Map<Integer, Long> idle = decider.idlePositions();
        if (idle.isEmpty()) {
            return;
        }
        final Set<Integer> confirmed;
        if (kafka == null) {
            confirmed = idle.keySet();
        } else {
            try {
                confirmed = kafka.readToTheEnd(idle);
            } catch (IllegalStateException e) {
                LOG.warn("{} Idle tasks {} are waited for until Kafka answers.", e.getMessage(), idle.keySet());
                return;
            }
        }
        decideAndSave(confirmed, false, collector, coordinator);
    }

    private void decideAndSave(Set<Integer> idleConfirmed, boolean sharesChanged, MessageCollector collector,
            TaskCoordinator coordinator) {
        final List<BucketDecider.Decision> decisions = decider.decide(idleConfirmed);
        if (decisions.isEmpty() && !sharesChanged) {
            return;
        }
        boolean alerted = false;
        for (BucketDecider.Decision decision : decisions) {
            final ThresholdAlerts.Alert alert = alerts.observe(decision.count());
            if (alert != null) {
                send(alert, bucketEnd(decision.bucket()), collector);
                alerted = true;
            }
        }
        save();
        if (alerted) {
            // Commit now so that a restart does not replay the decision and send the alert again.
            coordinator.commit();
        }
    }

    /** The last millisecond of bucket {@code b}: the window of bucket {@code b} ends there. */
    private long bucketEnd(long b) {
        return (b + 1) * settings.bucketMs() - 1;
    }

    private void save() {
        final ObjectNode node = PartialCodec.JSON.createObjectNode();
        node.put("armed", alerts.armed());
        node.put("seq", alerts.sequence());
        node.put("lastDecided", decider.lastDecided());
        node.put("lastDecidedCount", decider.lastDecidedCount());
        final var array = node.putArray("shares");
        decider.state().forEach(s -> array.add(PartialCodec.shareToJson(s)));
        store.put("agg", node.toString());
    }

    private void send(ThresholdAlerts.Alert alert, long at, MessageCollector collector) {
        final String id = instance + "-" + alert.sequence() + "-" + alert.kind().type();
        final ObjectNode node = PartialCodec.JSON.createObjectNode();
        node.put("type", alert.kind().type());
        node.put("count", alert.count());
        node.put("threshold", alerts.threshold());
        node.put("window_minutes", settings.windowMinutes());
        node.put("at", at);
        node.put("alert_id", id);
        final String json = node.toString();
        collector.send(new OutgoingMessage(settings.alertsTopic(), id, json));
        LOG.info("Visitor count {} is {} the threshold {} at event time {}: sent alert {}.", alert.count(),
                alert.kind() == ThresholdAlerts.Kind.THRESHOLD_CROSSED ? "at or above" : "back below",
                alerts.threshold(), at, id);
        if (http != null) {
            post(id, json);
        }
    }

    private void post(String id, String json) {
        final HttpRequest request = HttpRequest.newBuilder(settings.webhook())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                // A repeat of the alert (delivery is at-least-once, see docs/visitor-counter.md) has the same key.
                .header(IDEMPOTENCY_KEY, id)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                LOG.warn("Could not POST alert {} to {}: {}. The alert is on topic {} all the same.", id,
                        settings.webhook(), error.toString(), settings.alertsTopic());
            } else if (response.statusCode() >= 300) {
                LOG.warn("The webhook {} answered {} to alert {}.", settings.webhook(), response.statusCode(), id);
            }
        });
    }

    /**
     * Publishes the live count: {@code count} and {@code at} for the window ending at the newest event
     * of any task (provisional while a task is behind), and {@code decided_count} and {@code decided_at}
     * for the newest decided bucket, the count the alerts are decided on.
     */
    void publishCount(MessageCollector collector) {
        if (decider.isEmpty()) {
            return;
        }
        final long end = decider.newestEventTime();
        if (end < 0) {
            return;
        }
        final ObjectNode node = PartialCodec.JSON.createObjectNode();
        node.put("count", decider.provisionalCount(settings.bucketMs()));
        node.put("window_minutes", settings.windowMinutes());
        node.put("at", end);
        if (decider.lastDecided() != Long.MIN_VALUE) {
            node.put("decided_count", decider.lastDecidedCount());
            node.put("decided_at", bucketEnd(decider.lastDecided()));
        }
        final String json = node.toString();
        collector.send(new OutgoingMessage(settings.countsTopic(), instance, json));
        if (!json.equals(lastPublished)) {
            store.put("count", json);
            lastPublished = json;
        }
    }
}
