package dev.riffle.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.riffle.examples.visitors.BucketDecider;
import dev.riffle.examples.visitors.Share;
import dev.riffle.examples.visitors.ThresholdAlerts;

/**
 * The Kafka Streams peer's second step, on the one-partition shares topic (one task, like Riffle's
 * task 0): combines the shares with the same {@link BucketDecider}, deciding each bucket once every
 * task has completed it, passes the decided counts through the same {@link ThresholdAlerts}, and
 * publishes the count every second of wall-clock time, like Riffle's {@code task.window.ms=1000}.
 * The store {@code shares} keeps, per task, what the decider still holds of it, and under key
 * {@link #DECIDED_KEY} the last decided bucket and its count.
 */
final class StreamsAggregateProcessor implements Processor<String, String, String, String> {

    static final String SHARES = "shares";
    static final String COUNTS_SINK = "counts";
    static final String ALERTS_SINK = "alerts";
    static final int DECIDED_KEY = -1;

    private final long bucketMs;
    private final int windowBuckets;
    private final long threshold;
    private final String visits;
    private ProcessorContext<String, String> context;
    private KeyValueStore<Integer, String> shares;
    private BucketDecider decider;
    private ThresholdAlerts alerts;

    /** @param visits the visits topic, whose partition count is the number of tasks to wait for */
    StreamsAggregateProcessor(final long bucketMs, final int windowBuckets, final long threshold, final String visits) {
        this.bucketMs = bucketMs;
        this.windowBuckets = windowBuckets;
        this.threshold = threshold;
        this.visits = visits;
    }

    @Override
    public void init(final ProcessorContext<String, String> context) {
        this.context = context;
        shares = context.getStateStore(SHARES);
        decider = new BucketDecider(windowBuckets, partitionsOf(context.appConfigs().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)));
        alerts = new ThresholdAlerts(threshold, 0.05);
        final List<Share> saved = new ArrayList<>();
        long decided = Long.MIN_VALUE;
        long decidedCount = -1;
        try (var iterator = shares.all()) {
            while (iterator.hasNext()) {
                final var kv = iterator.next();
                if (kv.key == DECIDED_KEY) {
                    final String[] parts = kv.value.split(";");
                    decided = Long.parseLong(parts[0]);
                    decidedCount = Long.parseLong(parts[1]);
                } else {
                    saved.add(StreamsShareProcessor.decode(kv.value));
                }
            }
        }
        decider.restore(saved, decided, decidedCount);
        context.schedule(Duration.ofMillis(1000), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (!decider.isEmpty() && decider.newestEventTime() >= 0) {
                final String json = String.format(Locale.ROOT, "{\"count\":%d,\"window_minutes\":30,\"at\":%d}",
                        decider.provisionalCount(bucketMs), decider.newestEventTime());
                context.forward(new Record<>("count", json, now), COUNTS_SINK);
            }
        });
    }

    private int partitionsOf(final Object bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(visits)).allTopicNames().get(60, TimeUnit.SECONDS).get(visits)
                    .partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("The Kafka Streams aggregate could not read the partition count of topic '"
                    + visits + "' from " + bootstrap + ": " + e, e);
        }
    }

    @Override
    public void process(final Record<String, String> record) {
        final Share share = StreamsShareProcessor.decode(record.value());
        if (!decider.offer(share)) {
            return;
        }
        for (BucketDecider.Decision decision : decider.decide(Set.of())) {
            final ThresholdAlerts.Alert alert = alerts.observe(decision.count());
            if (alert != null) {
                final String json = String.format(Locale.ROOT, "{\"type\":\"%s\",\"count\":%d,\"at\":%d}",
                        alert.kind().type(), alert.count(), (decision.bucket() + 1) * bucketMs - 1);
                context.forward(new Record<>(Long.toString(alert.sequence()), json, record.timestamp()), ALERTS_SINK);
            }
        }
        for (Share held : decider.state()) {
            shares.put(held.task(), StreamsShareProcessor.encode(held));
        }
        shares.put(DECIDED_KEY, decider.lastDecided() + ";" + decider.lastDecidedCount());
    }
}
