package dev.riffle.examples.visitors;

import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;

import java.net.URI;
import java.util.Locale;

/**
 * The visitor counter's own configuration keys ({@code visitors.*}), read and checked once.
 *
 * @param mode {@code visitors.count}: visitors (distinct) or events
 * @param windowMinutes {@code visitors.window.minutes}, default 30
 * @param bucketMs {@code visitors.bucket.seconds} in ms, default one minute
 * @param latenessMs {@code visitors.allowed.lateness.minutes} in ms, default 5 minutes
 * @param threshold {@code visitors.threshold}, default 100000
 * @param rearmFraction {@code visitors.rearm.fraction}, default 0.05
 * @param webhook {@code visitors.webhook.url}, or null
 * @param store {@code visitors.store}, default {@code visitors}
 * @param inputTopic {@code visitors.input.topic}, default {@code visits}
 * @param partialsTopic {@code visitors.partials.topic}, default {@code visitor-partials}
 * @param countsTopic {@code visitors.counts.topic}, default {@code visitor-counts}
 * @param alertsTopic {@code visitors.alerts.topic}, default {@code visitor-alerts}
 * @param maxEventBytes {@code visitors.max.event.bytes}, default 4096
 * @param maxFutureMs {@code visitors.max.future.ms}: how far an event may be ahead of the time its
 *     record was written to Kafka (capped by the container's clock) before it is dead-lettered as
 *     {@code future}, default one hour
 * @param idleMs {@code visitors.idle.ms}: wall time without events after which a task declares its
 *     partition idle and the alert decision stops waiting for it, default 5000
 * @param partitions {@code visitors.partitions}: partitions of the visits topic (= tasks); 0, the
 *     default, means task 0 asks Kafka
 * @param windowMs {@code task.window.ms}: how often the live count is published and idleness checked
 * @param idleCheck {@code visitors.idle.check}: {@code kafka} (default), task 0 believes an idle task
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

    /** The largest {@code visitors.max.future.ms}: a year; beyond it the bound would catch nothing. */
    static final long MAX_FUTURE_LIMIT_MS = 366L * 24 * 3_600_000;

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
        final String modeText = config.getString("visitors.count", "visitors").trim().toLowerCase(Locale.ROOT);
        final CountMode mode = switch (modeText) {
            case "visitors" -> CountMode.VISITORS;
            case "events" -> CountMode.EVENTS;
            default -> throw new ConfigException("visitors.count", "'" + modeText + "' is not visitors or events");
        };
        final int window = config.getInt("visitors.window.minutes", 30);
        if (window <= 0) {
            throw new ConfigException("visitors.window.minutes", window + " must be a positive number of minutes");
        }
        final long bucketSeconds = config.getLong("visitors.bucket.seconds", 60);
        if (bucketSeconds <= 0 || bucketSeconds > window * 60L) {
            throw new ConfigException("visitors.bucket.seconds",
                    bucketSeconds + " must be positive and at most the window (" + window * 60L + " s)");
        }
        final long lateness = config.getLong("visitors.allowed.lateness.minutes", 5);
        if (lateness < 0) {
            throw new ConfigException("visitors.allowed.lateness.minutes", lateness + " must not be negative");
        }
        final long threshold = config.getLong("visitors.threshold", 100_000);
        if (threshold <= 0) {
            throw new ConfigException("visitors.threshold", threshold + " must be positive");
        }
        final double rearm = config.getDouble("visitors.rearm.fraction", 0.05);
        if (rearm < 0 || rearm >= 1) {
            throw new ConfigException("visitors.rearm.fraction", rearm + " must be at least 0 and below 1");
        }
        final URI webhook = config.get("visitors.webhook.url").filter(s -> !s.isBlank()).map(s -> {
            try {
                final URI uri = URI.create(s.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("not http or https");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigException("visitors.webhook.url", "'" + s + "' is not an http(s) URL");
            }
        }).orElse(null);
        final int maxBytes = config.getInt("visitors.max.event.bytes", 4096);
        if (maxBytes < 16) {
            throw new ConfigException("visitors.max.event.bytes", maxBytes + " must be at least 16");
        }
        final long maxFutureMs = config.getLong("visitors.max.future.ms", 3_600_000);
        if (maxFutureMs < 0 || maxFutureMs > MAX_FUTURE_LIMIT_MS) {
            throw new ConfigException("visitors.max.future.ms", maxFutureMs + " must be between 0 and "
                    + MAX_FUTURE_LIMIT_MS + " (one year) milliseconds: how far ahead of its record's Kafka time an"
                    + " event may be");
        }
        final long idleMs = config.getLong("visitors.idle.ms", 5_000);
        if (idleMs <= 0) {
            throw new ConfigException("visitors.idle.ms", idleMs + " must be a positive number of milliseconds");
        }
        final int partitions = config.getInt("visitors.partitions", 0);
        if (partitions < 0) {
            throw new ConfigException("visitors.partitions",
                    partitions + " must be the partition count of the visits topic, or 0 to ask Kafka");
        }
        final long windowMs = config.getLong("task.window.ms", -1);
        if (windowMs <= 0) {
            throw new ConfigException("task.window.ms", windowMs + " must be a positive period: the visitor counter"
                    + " publishes its live count and notices idle partitions in window(); set e.g. 1000");
        }
        final String idleCheck = config.getString("visitors.idle.check", "kafka").trim().toLowerCase(Locale.ROOT);
        if (!idleCheck.equals("kafka") && !idleCheck.equals("none")) {
            throw new ConfigException("visitors.idle.check", "'" + idleCheck + "' is not kafka or none");
        }
        return new VisitorSettings(mode, window, bucketSeconds * 1000, lateness * 60_000, threshold, rearm, webhook,
                config.getString("visitors.store", "visitors"),
                config.getString("visitors.input.topic", "visits"),
                config.getString("visitors.partials.topic", "visitor-partials"),
                config.getString("visitors.counts.topic", "visitor-counts"),
                config.getString("visitors.alerts.topic", "visitor-alerts"),
                maxBytes, maxFutureMs, idleMs, partitions, windowMs, idleCheck.equals("kafka"));
    }
}
