package dev.riffle.examples.visitors;

import static dev.riffle.api.config.Validators.atLeast;

import dev.riffle.api.config.ConfigKey;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The visitor counter's own configuration keys ({@code visitors.*}), each declared once with its
 * type, default, check and documentation. {@link VisitorCounterTask#configKeys()} hands them to
 * Riffle, which checks them before the job is submitted and lists them in
 * {@code docs/configuration.md}; {@link VisitorSettings#from} reads them. Rules between keys are in
 * {@link VisitorSettings#from} and {@link VisitorCounterTask#validate}.
 */
public final class VisitorKeys {

    private static final List<ConfigKey<?>> KEYS = new ArrayList<>();

    /** The largest {@code visitors.max.future.ms}: a year; beyond it the bound would catch nothing. */
    static final long MAX_FUTURE_LIMIT_MS = 366L * 24 * 3_600_000;

    public static final ConfigKey<CountMode> COUNT = ConfigKey.of("visitors.count", "visitors or events",
                    VisitorKeys::countMode)
            .defaultValue("visitors")
            .declare(KEYS, "What is counted: visitors (distinct visitors with an event in the window) or events.");
    public static final ConfigKey<Integer> WINDOW_MINUTES = ConfigKey.integer("visitors.window.minutes")
            .defaultValue("30").check(v -> v > 0 ? null : "must be a positive number of minutes")
            .declare(KEYS, "Length of the counted window of event time, in minutes.");
    public static final ConfigKey<Long> BUCKET_SECONDS = ConfigKey.longKey("visitors.bucket.seconds")
            .defaultValue("60").check(v -> v > 0 ? null : "must be positive and at most the window")
            .declare(KEYS, "Resolution of the window, in seconds; at most the window.");
    public static final ConfigKey<Long> ALLOWED_LATENESS_MINUTES = ConfigKey.longKey("visitors.allowed.lateness.minutes")
            .defaultValue("5").check(v -> v >= 0 ? null : "must not be negative")
            .declare(KEYS, "How far behind the newest event an event may be and still count; later ones are"
                    + " dead-lettered with reason late.");
    public static final ConfigKey<Long> THRESHOLD = ConfigKey.longKey("visitors.threshold")
            .defaultValue("100000").check(v -> v > 0 ? null : "must be positive")
            .declare(KEYS, "Count at or above which a threshold-crossed alert goes to the alerts topic.");
    public static final ConfigKey<Double> REARM_FRACTION = ConfigKey.doubleKey("visitors.rearm.fraction")
            .defaultValue("0.05").check(v -> v >= 0 && v < 1 ? null : "must be at least 0 and below 1")
            .declare(KEYS, "The alert re-arms (and back-below is sent) when the count falls below"
                    + " threshold * (1 - this).");
    public static final ConfigKey<URI> WEBHOOK_URL = ConfigKey.of("visitors.webhook.url", "http(s) URL", URI::create)
            .check(u -> "http".equals(u.getScheme()) || "https".equals(u.getScheme()) ? null : "is not an http(s) URL")
            .declare(KEYS, "Also POST each alert to this URL; unset: no webhook.");
    public static final ConfigKey<String> STORE = ConfigKey.string("visitors.store").defaultValue("visitors")
            .declare(KEYS, "The store (stores.<name>.*) that holds the counter's state.");
    public static final ConfigKey<String> INPUT_TOPIC = ConfigKey.string("visitors.input.topic").defaultValue("visits")
            .declare(KEYS, "Topic of the visits; must be in task.inputs.");
    public static final ConfigKey<String> PARTIALS_TOPIC = ConfigKey.string("visitors.partials.topic")
            .defaultValue("visitor-partials")
            .declare(KEYS, "One-partition topic where tasks publish their shares to task 0; must be in task.inputs.");
    public static final ConfigKey<String> COUNTS_TOPIC = ConfigKey.string("visitors.counts.topic")
            .defaultValue("visitor-counts")
            .declare(KEYS, "Topic of the live count, published every task.window.ms.");
    public static final ConfigKey<String> ALERTS_TOPIC = ConfigKey.string("visitors.alerts.topic")
            .defaultValue("visitor-alerts")
            .declare(KEYS, "Topic of the threshold-crossed and back-below alerts.");
    public static final ConfigKey<Integer> MAX_EVENT_BYTES = ConfigKey.integer("visitors.max.event.bytes")
            .defaultValue("4096").check(atLeast(16))
            .declare(KEYS, "Largest visit accepted, in bytes; larger ones are dead-lettered.");
    public static final ConfigKey<Long> MAX_FUTURE_MS = ConfigKey.longKey("visitors.max.future.ms")
            .defaultValue("3600000")
            .check(v -> v >= 0 && v <= MAX_FUTURE_LIMIT_MS ? null : "must be between 0 and " + MAX_FUTURE_LIMIT_MS
                    + " (one year) milliseconds: how far ahead of its record's Kafka time an event may be")
            .declare(KEYS, "How far an event's time may be ahead of its record's Kafka time (capped by the"
                    + " container's clock) before it is dead-lettered with reason future, in milliseconds.");
    public static final ConfigKey<Long> IDLE_MS = ConfigKey.longKey("visitors.idle.ms").defaultValue("5000")
            .check(v -> v > 0 ? null : "must be a positive number of milliseconds")
            .declare(KEYS, "Wall time without events after which a task declares its partition idle, so the alert"
                    + " decision stops waiting for it.");
    public static final ConfigKey<Integer> PARTITIONS = ConfigKey.integer("visitors.partitions").defaultValue("0")
            .check(v -> v >= 0 ? null : "must be the partition count of the visits topic, or 0 to ask Kafka")
            .declare(KEYS, "Partitions of the visits topic (= tasks); 0 asks Kafka. Required with"
                    + " visitors.idle.check=none.");
    public static final ConfigKey<Boolean> IDLE_CHECK = ConfigKey.of("visitors.idle.check", "kafka or none",
                    VisitorKeys::idleCheck)
            .defaultValue("kafka")
            .declare(KEYS, "kafka: task 0 believes an idle task only once Kafka shows its partition read to the end;"
                    + " none: as it says (the test kit, which has no broker).");

    private VisitorKeys() {
    }

    /** Every key, in declaration order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(KEYS);
    }

    private static CountMode countMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "visitors" -> CountMode.VISITORS;
            case "events" -> CountMode.EVENTS;
            default -> throw new IllegalArgumentException("write visitors or events");
        };
    }

    private static Boolean idleCheck(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "kafka" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("write kafka or none");
        };
    }
}
