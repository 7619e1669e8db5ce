package dev.riffle.chaos;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The faults the harness injects, by the names {@code --faults} takes. */
enum FaultKind {

    CONTAINER_KILL("container-kill", Scope.CONTAINER, null,
            "SIGKILL of every process of one container (its JVM and the NodeManager's launch shell)"),
    CONTAINER_STOP("container-stop", Scope.CONTAINER, null,
            "SIGSTOP of one container's processes for --stop-seconds, then SIGCONT: a frozen container that wakes up"),
    AM_KILL("am-kill", Scope.JOB, null,
            "SIGKILL of the application master (container _000001 of the current attempt)"),
    REDIS_RESTART("redis-restart", Scope.JOB, "redis",
            "scripts/grid stop redis, then start redis (SIGTERM: Redis writes its AOF, if it has one, and exits)"),
    REDIS_STOP("redis-stop", Scope.JOB, "redis", "SIGSTOP of redis-server for 30 s, then SIGCONT"),
    KAFKA_STOP("kafka-stop", Scope.JOB, null, "scripts/grid stop kafka, 60 s away, then start kafka"),
    CASSANDRA_RESTART("cassandra-restart", Scope.JOB, "cassandra", "scripts/grid stop cassandra, then start cassandra");

    /** Whether a fault hits one container's tasks or the whole job. */
    enum Scope { CONTAINER, JOB }

    static final long REDIS_STOP_SECONDS = 30;
    static final long KAFKA_AWAY_SECONDS = 60;

    final String id;
    final Scope scope;
    /** The store the fault is about ({@code --store}), or null when it applies to every store. */
    final String store;
    final String description;

    FaultKind(final String id, final Scope scope, final String store, final String description) {
        this.id = id;
        this.scope = scope;
        this.store = store;
        this.description = description;
    }

    static Optional<FaultKind> byId(final String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** How long the fault holds before it is healed, in seconds (0: an instant fault). */
    long holdSeconds(final long stopSeconds) {
        return switch (this) {
            case CONTAINER_STOP -> stopSeconds;
            case REDIS_STOP -> REDIS_STOP_SECONDS;
            case KAFKA_STOP -> KAFKA_AWAY_SECONDS;
            default -> 0;
        };
    }

    /**
     * The time the plan reserves for the fault: its hold, the time to bring a service back, and time for
     * the job to resume before the next fault.
     */
    long slotSeconds(final long stopSeconds) {
        return holdSeconds(stopSeconds) + switch (this) {
            case CONTAINER_KILL -> 35;
            case CONTAINER_STOP -> 35;
            case AM_KILL -> 50;
            case REDIS_RESTART, REDIS_STOP -> 45;
            case KAFKA_STOP -> 60;
            case CASSANDRA_RESTART -> 80;
        };
    }
}
