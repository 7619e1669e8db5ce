package dev.riffle.examples.visitors;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;

import java.net.URI;

/**
 * The visitor counter's settings, read once from the keys {@link VisitorKeys} declares (where their
 * defaults and checks are) and checked together.
 *
 * @param mode {@code visitors.count}: visitors (distinct) or events
 * @param windowMinutes {@code visitors.window.minutes}
 * @param bucketMs {@code visitors.bucket.seconds} in ms
 * @param latenessMs {@code visitors.allowed.lateness.minutes} in ms
 * @param threshold {@code visitors.threshold}
 * @param rearmFraction {@code visitors.rearm.fraction}
 * @param webhook {@code visitors.webhook.url}, or null
 * @param store {@code visitors.store}
 * @param inputTopic {@code visitors.input.topic}
 * @param partialsTopic {@code visitors.partials.topic}
 * @param countsTopic {@code visitors.counts.topic}
 * @param alertsTopic {@code visitors.alerts.topic}
 * @param maxEventBytes {@code visitors.max.event.bytes}
 * @param maxFutureMs {@code visitors.max.future.ms}: how far an event may be ahead of the time its
 *     record was written to Kafka (capped by the container's clock) before it is dead-lettered as
 *     {@code future}
 * @param idleMs {@code visitors.idle.ms}: wall time without events after which a task declares its
 *     partition idle and the alert decision stops waiting for it
 * @param partitions {@code visitors.partitions}: partitions of the visits topic (= tasks); 0 means
 *     task 0 asks Kafka
 * @param windowMs {@code task.window.ms}: how often the live count is published and idleness checked
 * @param idleCheck {@code visitors.idle.check}: true for {@code kafka}, task 0 believes an idle task
 *     only when Kafka shows its partition read to the end; {@code none} believes it as it says (for the
 *     test kit, which has no broker)
 */
public record VisitorSettings(
        CountMode mode,
        int windowMinutes,
        long bucketMs,
        long latenessMs,
        long threshold,
        double rearmFraction,
        URI webhook,
        String store,
        String inputTopic,
        String partialsTopic,
        String countsTopic,
        String alertsTopic,
        int maxEventBytes,
        long maxFutureMs,
        long idleMs,
        int partitions,
        long windowMs,
        boolean idleCheck) {

    /** Number of buckets in the window. */
    public int windowBuckets() {
        return (int) Math.max(1, (windowMinutes * 60_000L + bucketMs - 1) / bucketMs);
    }

    /**
     * Reads and checks the settings.
     *
     * @throws ConfigException naming the first bad key
     */
    public static VisitorSettings from(Config config) {
        final int window = config.get(VisitorKeys.WINDOW_MINUTES);
        final long bucketSeconds = config.get(VisitorKeys.BUCKET_SECONDS);
        if (bucketSeconds > window * 60L) {
            throw new ConfigException(VisitorKeys.BUCKET_SECONDS.name(),
                    bucketSeconds + " must be positive and at most the window (" + window * 60L + " s)");
        }
        final long windowMs = config.getLong("task.window.ms", -1);
        if (windowMs <= 0) {
            throw new ConfigException("task.window.ms", windowMs + " must be a positive period: the visitor counter"
                    + " publishes its live count and notices idle partitions in window(); set e.g. 1000");
        }
        return new VisitorSettings(config.get(VisitorKeys.COUNT), window, bucketSeconds * 1000,
                config.get(VisitorKeys.ALLOWED_LATENESS_MINUTES) * 60_000, config.get(VisitorKeys.THRESHOLD),
                config.get(VisitorKeys.REARM_FRACTION), config.get(VisitorKeys.WEBHOOK_URL),
                config.get(VisitorKeys.STORE), config.get(VisitorKeys.INPUT_TOPIC),
                config.get(VisitorKeys.PARTIALS_TOPIC), config.get(VisitorKeys.COUNTS_TOPIC),
                config.get(VisitorKeys.ALERTS_TOPIC), config.get(VisitorKeys.MAX_EVENT_BYTES),
                config.get(VisitorKeys.MAX_FUTURE_MS), config.get(VisitorKeys.IDLE_MS),
                config.get(VisitorKeys.PARTITIONS), windowMs, config.get(VisitorKeys.IDLE_CHECK));
    }
}
