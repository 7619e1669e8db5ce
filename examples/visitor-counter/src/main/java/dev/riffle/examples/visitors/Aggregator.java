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
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 0's second role: combines the shares of all tasks into the global count, decides alerts and
 * publishes the live count. Its state (the newest share of each task and the alert state) is one
 * store entry, {@code agg}, committed with task 0's offsets.
 */
final class Aggregator {

    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);

    private final VisitorSettings settings;
    private final KeyValueStore<String, String> store;
    private final String instance;
    private final GlobalCount global;
    private final ThresholdAlerts alerts;
    private final HttpClient http;
    private long lastPublishedCount = -1;
    private long lastPublishedEnd = -1;

    /** @param instance {@code <job.name>-<job.id>}; shares of other instances are ignored */
    Aggregator(VisitorSettings settings, KeyValueStore<String, String> store, String instance) {
        this.settings = settings;
        this.store = store;
        this.instance = instance;
        this.global = new GlobalCount(settings.bucketMs(), settings.windowBuckets());
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
            for (JsonNode p : node.path("partials")) {
                global.offer(PartialCodec.fromJson(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the aggregator state under key 'agg' is not valid JSON", e);
        }
    }

    void take(List<IncomingMessage> messages, MessageCollector collector, TaskCoordinator coordinator) {
        boolean changed = false;
        for (IncomingMessage message : messages) {
            final String key = String.valueOf(message.key());
            if (key.startsWith(instance + ":")) {
                changed |= global.offer(PartialCodec.decode(String.valueOf(message.value())));
            }
        }
        if (!changed) {
            return;
        }
        final ThresholdAlerts.Alert alert = alerts.observe(global.count());
        if (alert != null) {
            send(alert, collector);
        }
        save();
        if (alert != null) {
            // Commit now so that a restart does not replay the decision and send the alert again.
            coordinator.commit();
        }
    }

    private void save() {
        final ObjectNode node = PartialCodec.JSON.createObjectNode();
        node.put("armed", alerts.armed());
        node.put("seq", alerts.sequence());
        final var array = node.putArray("partials");
        global.partials().forEach(p -> array.add(PartialCodec.toJson(p)));
        store.put("agg", node.toString());
    }

    private void send(ThresholdAlerts.Alert alert, MessageCollector collector) {
        final String id = instance + "-" + alert.sequence() + "-" + alert.kind().type();
        final ObjectNode node = PartialCodec.JSON.createObjectNode();
        node.put("type", alert.kind().type());
        node.put("count", alert.count());
        node.put("threshold", alerts.threshold());
        node.put("window_minutes", settings.windowMinutes());
        node.put("at", global.windowEnd());
        node.put("alert_id", id);
        final String json = node.toString();
        collector.send(new OutgoingMessage(settings.alertsTopic(), id, json));
        LOG.info("Visitor count {} is {} the threshold {} at event time {}: sent alert {}.", alert.count(),
                alert.kind() == ThresholdAlerts.Kind.THRESHOLD_CROSSED ? "at or above" : "back below",
                alerts.threshold(), global.windowEnd(), id);
        if (http != null) {
            post(id, json);
        }
    }

    private void post(String id, String json) {
        final HttpRequest request = HttpRequest.newBuilder(settings.webhook())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
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

    void publishCount(MessageCollector collector) {
        if (global.isEmpty()) {
            return;
        }
        final long count = global.count();
        final long end = global.windowEnd();
        final ObjectNode node = PartialCodec.JSON.createObjectNode();
        node.put("count", count);
        node.put("window_minutes", settings.windowMinutes());
        node.put("at", end);
        final String json = node.toString();
        collector.send(new OutgoingMessage(settings.countsTopic(), instance, json));
        if (count != lastPublishedCount || end != lastPublishedEnd) {
            store.put("count", json);
            lastPublishedCount = count;
            lastPublishedEnd = end;
        }
    }

    Map<String, Long> snapshot() {
        return Map.of("count", global.count(), "at", global.windowEnd());
    }
}
