package dev.riffle.runner.config;

import static dev.riffle.api.config.Validators.atLeast;

import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.config.JobIdentity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every configuration key the runtime itself reads, declared once: {@code job.name} and {@code job.id}
 * in {@link JobIdentity} (registered here), the rest below. A store backend's own keys are declared
 * by its factory, a job's by its task ({@link DeclaredKeys} gathers them all).
 * {@code docs/configuration.md} is generated from the declarations; keep the doc strings to one line.
 */
public final class RiffleConfig {

    private static final List<ConfigKey<?>> KEYS = new ArrayList<>();

    // --- job ---------------------------------------------------------------------------------
    public static final ConfigKey<String> JOB_NAME = register(JobIdentity.NAME);
    public static final ConfigKey<String> JOB_ID = register(JobIdentity.ID);
    public static final ConfigKey<String> JOB_FACTORY = ConfigKey.oneOf("job.factory", "yarn", "local")
            .defaultValue("yarn")
            .declare(KEYS, "yarn submits the job to YARN; local runs every container in this JVM.");
    public static final ConfigKey<Integer> JOB_CONTAINER_COUNT = ConfigKey.integer("job.container.count")
            .defaultValue("1").check(atLeast(1))
            .declare(KEYS, "Number of containers; at most the number of tasks (input partitions).");

    // --- task --------------------------------------------------------------------------------
    public static final ConfigKey<String> TASK_CLASS = ConfigKey.string("task.class").required()
            .check(v -> v.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*") ? null
                    : "is not a Java class name; give the fully qualified name, e.g. com.example.MyTask")
            .declare(KEYS, "Class name of the task: a StreamTask or a BatchTask.");
    public static final ConfigKey<List<String>> TASK_INPUTS = ConfigKey.list("task.inputs").required()
            .check(v -> v.isEmpty() ? "must name at least one topic" : null)
            .check(RiffleConfig::topicsProblem)
            .check(v -> v.size() == v.stream().distinct().count() ? null : "names a topic twice")
            .declare(KEYS, "Comma-separated Kafka topics the job reads.");
    public static final ConfigKey<Integer> TASK_BATCH_SIZE = ConfigKey.integer("task.batch.size")
            .defaultValue("500").check(atLeast(1))
            .declare(KEYS, "Most records handed to a task at once.");
    public static final ConfigKey<Long> TASK_BATCH_WAIT_MS = ConfigKey.longKey("task.batch.wait.ms")
            .defaultValue("50").check(atLeast(0))
            .declare(KEYS, "Longest a record waits for its batch to fill, in milliseconds.");
    public static final ConfigKey<Long> TASK_BUFFER_MAX_BYTES = ConfigKey.longKey("task.buffer.max.bytes")
            .defaultValue("8388608").check(atLeast(1024))
            .declare(KEYS, "Bytes of polled records (keys and values) one task may hold before its partitions are paused;"
                    + " they resume at half. With task.batch.size, bounds the container's memory (docs/runtime.md).");
    public static final ConfigKey<Long> TASK_WINDOW_MS = ConfigKey.longKey("task.window.ms")
            .defaultValue("-1").check(v -> v == -1 || v > 0 ? null : "must be -1 (never) or a positive period")
            .declare(KEYS, "Period of WindowableTask.window() in wall-clock milliseconds; -1 never.");
    public static final ConfigKey<Long> TASK_COMMIT_MS = ConfigKey.longKey("task.commit.ms")
            .defaultValue("1000").check(atLeast(0))
            .declare(KEYS, "Commit period in milliseconds; 0 commits after every batch.");
    public static final ConfigKey<Boolean> TASK_COMMIT_BACKGROUND = ConfigKey.bool("task.commit.background")
            .defaultValue("true")
            .declare(KEYS, "With task.checkpoint.store: send each checkpoint commit from a thread of its own while the"
                    + " task goes on with the next batches (one commit in flight, in order; reads see its writes).");
    public static final ConfigKey<String> TASK_CHECKPOINT_STORE = ConfigKey.string("task.checkpoint.store")
            .declare(KEYS, "Store that holds checkpoints atomically with state; unset: Kafka group offsets."
                    + " It may not set stores.<name>.ttl.ms (docs/state.md, Expiry).");
    public static final ConfigKey<String> TASK_STATE_LOST = ConfigKey.oneOf("task.state.lost", "fail", "reprocess")
            .defaultValue("fail")
            .declare(KEYS, "With task.checkpoint.store: when a task's checkpoint is gone but the job's Kafka group shows"
                    + " it committed before (the store lost data): fail stops the container with a diagnostic;"
                    + " reprocess starts the task over from the beginning of its partitions (docs/state.md).");
    public static final ConfigKey<String> TASK_ERROR_POLICY = ConfigKey.oneOf("task.error.policy",
                    "fail", "skip", "dead-letter").defaultValue("dead-letter")
            .declare(KEYS, "What to do with a message the task cannot process: fail, skip or dead-letter.");
    public static final ConfigKey<String> TASK_DEAD_LETTER_TOPIC = ConfigKey.string("task.dead-letter.topic")
            .check(RiffleConfig::topicProblem)
            .declare(KEYS, "Topic for messages that could not be processed; default <job.name>-dead-letters.");
    public static final ConfigKey<String> TASK_OPTS = ConfigKey.string("task.opts").defaultValue("-Xmx512m")
            .declare(KEYS, "JVM options of containers.");

    // --- streams -----------------------------------------------------------------------------
    public static final ConfigKey<String> STREAM_KEY_SERDE = ConfigKey.string("streams.<topic>.key.serde")
            .defaultValue("string")
            .declare(KEYS, "Serde of the keys of a topic: string, long, json, bytes or a class name.");
    public static final ConfigKey<String> STREAM_MSG_SERDE = ConfigKey.string("streams.<topic>.msg.serde")
            .defaultValue("string")
            .declare(KEYS, "Serde of the values of a topic: string, long, json, bytes or a class name.");

    // --- kafka -------------------------------------------------------------------------------
    public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS = ConfigKey.string("systems.kafka.bootstrap.servers")
            .required()
            .check(v -> v.matches("[^,\\s]+:\\d+(\\s*,\\s*[^,\\s]+:\\d+)*") ? null : "must be host:port[,host:port...]")
            .declare(KEYS, "Kafka brokers, host:port[,host:port...].");
    public static final ConfigKey<String> KAFKA_CONSUMER = ConfigKey.string("systems.kafka.consumer.<property>")
            .declare(KEYS, "Passed to the Kafka consumer as <property> (security, tuning).");
    public static final ConfigKey<String> KAFKA_PRODUCER = ConfigKey.string("systems.kafka.producer.<property>")
            .declare(KEYS, "Passed to the Kafka producer as <property> (security, tuning).");

    // --- stores ------------------------------------------------------------------------------
    public static final ConfigKey<String> STORE_FACTORY = ConfigKey.string("stores.<name>.factory")
            .declare(KEYS, "Backend of the store: memory, redis, cassandra or a factory class name. Required per store.");
    public static final ConfigKey<String> STORE_KEY_SERDE = ConfigKey.string("stores.<name>.key.serde")
            .defaultValue("string")
            .declare(KEYS, "Serde of the store's keys.");
    public static final ConfigKey<String> STORE_VALUE_SERDE = ConfigKey.string("stores.<name>.value.serde")
            .defaultValue("string")
            .declare(KEYS, "Serde of the store's values.");
    public static final ConfigKey<Long> STORE_TTL_MS = ConfigKey.longKey("stores.<name>.ttl.ms").check(atLeast(1))
            .declare(KEYS, "Expiry of entries after their last write, in milliseconds; unset: never.");
    public static final ConfigKey<Integer> STORE_CACHE_ENTRIES = ConfigKey.integer("stores.<name>.cache.entries")
            .defaultValue("0").check(atLeast(0))
            .declare(KEYS, "Keys per task the store's read cache holds (values read, keys found missing, committed"
                    + " writes); the oldest leave first; 0 (default) turns it off. Pays off where reads are dear"
                    + " (Cassandra).");
    // --- yarn --------------------------------------------------------------------------------
    public static final ConfigKey<String> YARN_PACKAGE_PATH = ConfigKey.string("yarn.package.path")
            .declare(KEYS, "URI of the job package (file://, hdfs://, ...); unset: upload the locally built tarball.");
    public static final ConfigKey<String> YARN_QUEUE = ConfigKey.string("yarn.queue").defaultValue("default")
            .declare(KEYS, "YARN queue to submit to.");
    public static final ConfigKey<Integer> YARN_AM_MEMORY_MB = ConfigKey.integer("yarn.am.memory.mb")
            .defaultValue("512").check(atLeast(128))
            .declare(KEYS, "Memory of the application master's container, in MB.");
    public static final ConfigKey<String> YARN_AM_OPTS = ConfigKey.string("yarn.am.opts").defaultValue("-Xmx384m")
            .declare(KEYS, "JVM options of the application master.");
    public static final ConfigKey<Integer> YARN_CONTAINER_MEMORY_MB = ConfigKey.integer("yarn.container.memory.mb")
            .defaultValue("1024").check(atLeast(128))
            .declare(KEYS, "Memory of each container, in MB.");
    public static final ConfigKey<Integer> YARN_CONTAINER_VCORES = ConfigKey.integer("yarn.container.vcores")
            .defaultValue("1").check(atLeast(1))
            .declare(KEYS, "Virtual cores of each container.");
    public static final ConfigKey<Integer> YARN_CONTAINER_RETRY_COUNT = ConfigKey.integer("yarn.container.retry.count")
            .defaultValue("8").check(atLeast(0))
            .declare(KEYS, "Restarts allowed per container within the retry window.");
    public static final ConfigKey<Long> YARN_CONTAINER_RETRY_WINDOW_MS = ConfigKey.longKey("yarn.container.retry.window.ms")
            .defaultValue("300000").check(atLeast(1))
            .declare(KEYS, "Window over which container restarts are counted, in milliseconds.");
    public static final ConfigKey<Long> YARN_CONTAINER_HEARTBEAT_TIMEOUT_MS =
            ConfigKey.longKey("yarn.container.heartbeat.timeout.ms")
            .defaultValue("60000").check(atLeast(10000))
            .declare(KEYS, "A container silent this long (no heartbeat every 2 s) is given back to YARN and replaced, in milliseconds.");
    public static final ConfigKey<Integer> YARN_AM_ATTEMPTS = ConfigKey.integer("yarn.am.attempts")
            .defaultValue("2").check(atLeast(1))
            .declare(KEYS, "Application master attempts; running containers are kept across attempts.");
    public static final ConfigKey<Long> YARN_AM_ATTEMPT_FAILURES_VALIDITY_MS =
            ConfigKey.longKey("yarn.am.attempt.failures.validity.ms")
            .defaultValue("3600000").check(atLeast(1000))
            .declare(KEYS, "Only AM failures within this many milliseconds count against yarn.am.attempts; older ones are forgotten.");
    public static final ConfigKey<Long> YARN_AM_PARTITION_CHECK_MS = ConfigKey.longKey("yarn.am.partition.check.ms")
            .defaultValue("30000").check(atLeast(1000))
            .declare(KEYS, "How often the application master looks for new input partitions, in milliseconds.");
    public static final ConfigKey<Long> YARN_AM_SHUTDOWN_GRACE_MS = ConfigKey.longKey("yarn.am.shutdown.grace.ms")
            .defaultValue("20000").check(atLeast(0))
            .declare(KEYS, "How long containers get to commit and exit on a stop before the AM stops them, in milliseconds.");

    private RiffleConfig() {
    }

    private static <T> ConfigKey<T> register(ConfigKey<T> declaredElsewhere) {
        KEYS.add(declaredElsewhere);
        return declaredElsewhere;
    }

    /** Kafka's rule for topic names: 1-249 of letters, digits, '.', '_' and '-'. */
    private static String topicProblem(String topic) {
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            return "is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)";
        }
        return null;
    }

    private static String topicsProblem(List<String> topics) {
        for (String topic : topics) {
            final String problem = topicProblem(topic);
            if (problem != null) {
                return "has '" + topic + "', which " + problem;
            }
        }
        return null;
    }

    /** Every key of the runtime, in declaration order (backends' and jobs' keys: {@link DeclaredKeys}). */
    public static List<ConfigKey<?>> keys() {
        return Collections.unmodifiableList(KEYS);
    }
}
