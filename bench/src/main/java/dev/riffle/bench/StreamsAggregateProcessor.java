package dev.riffle.bench;

import java.time.Duration;
import java.util.Locale;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.riffle.examples.visitors.GlobalCount;
import dev.riffle.examples.visitors.Partial;
import dev.riffle.examples.visitors.ThresholdAlerts;

/**
 * The Kafka Streams peer's second step, on the one-partition shares topic (one task, like Riffle's
 * task 0): keeps the newest share of every task in the RocksDB store {@code shares}, combines them
 * with the same {@link GlobalCount}, decides alerts with the same {@link ThresholdAlerts}, and
 * publishes the count every second of wall-clock time, like Riffle's {@code task.window.ms=1000}.
 */
final class StreamsAggregateProcessor implements Processor<String, String, String, String> {

    static final String SHARES = "shares";
    static final String COUNTS_SINK = "counts";
    static final String ALERTS_SINK = "alerts";

    private final long bucketMs;
    private final int windowBuckets;
    private final long threshold;
    private ProcessorContext<String, String> context;
    private KeyValueStore<Integer, String> shares;
    private GlobalCount global;
    private ThresholdAlerts alerts;

    StreamsAggregateProcessor(final long bucketMs, final int windowBuckets, final long threshold) {
        this.bucketMs = bucketMs;
        this.windowBuckets = windowBuckets;
        this.threshold = threshold;
    }

    @Override
    public void init(final ProcessorContext<String, String> context) {
        this.context = context;
        shares = context.getStateStore(SHARES);
        global = new GlobalCount(bucketMs, windowBuckets);
        alerts = new ThresholdAlerts(threshold, 0.05);
        try (var iterator = shares.all()) {
            iterator.forEachRemaining(kv -> global.offer(ShareCodec.decode(kv.value)));
        }
        context.schedule(Duration.ofMillis(1000), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (!global.isEmpty()) {
                final String json = String.format(Locale.ROOT, "{\"count\":%d,\"window_minutes\":30,\"at\":%d}",
                        global.count(), global.windowEnd());
                context.forward(new Record<>("count", json, now), COUNTS_SINK);
            }
        });
    }

    @Override
    public void process(final Record<String, String> record) {
        final Partial share = ShareCodec.decode(record.value());
        if (!global.offer(share)) {
            return;
        }
        shares.put(share.task(), record.value());
        final ThresholdAlerts.Alert alert = alerts.observe(global.count());
        if (alert != null) {
            final String json = String.format(Locale.ROOT, "{\"type\":\"%s\",\"count\":%d,\"at\":%d}",
                    alert.kind().type(), alert.count(), global.windowEnd());
            context.forward(new Record<>(Long.toString(alert.sequence()), json, record.timestamp()), ALERTS_SINK);
        }
    }
}
