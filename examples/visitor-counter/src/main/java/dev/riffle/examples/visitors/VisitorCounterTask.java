package dev.riffle.examples.visitors;

import dev.riffle.api.BatchTask;
import dev.riffle.api.ClosableTask;
import dev.riffle.api.IncomingMessage;
import dev.riffle.api.InitableTask;
import dev.riffle.api.MessageCollector;
import dev.riffle.api.OutgoingMessage;
import dev.riffle.api.TaskContext;
import dev.riffle.api.TaskCoordinator;
import dev.riffle.api.TaskMetrics;
import dev.riffle.api.ValidatingTask;
import dev.riffle.api.WindowableTask;
import dev.riffle.api.config.Config;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.config.JobIdentity;
import dev.riffle.api.store.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flagship job: the number of distinct visitors (or events) in the last 30 minutes of event
 * time, with a notification when it crosses a threshold.
 *
 * <p>Every task counts the visitors of its own partition of {@code visits} (the key is the visitor
 * id, so a visitor always lands in the same task) and, after each batch, publishes a {@link Share}
 * to the one-partition topic {@code visitor-partials}: the buckets it completed in the batch with its
 * count of the window ending at each, and its open counts. When its partition has had no events for
 * {@code visitors.idle.ms}, it publishes a share marked idle. That topic is also an input of the job,
 * so task 0 receives every share: it decides each bucket once every task has completed it (idle tasks
 * excepted), sends alerts from those decisions, and publishes the live count every
 * {@code task.window.ms}. The rule is in {@code docs/visitor-counter.md}. All state lives in the store
 * named by {@code visitors.store}, committed with the input offsets when it is the checkpoint store,
 * so a restarted task continues exactly where its last commit left it.
 *
 * <p>Store keys (scoped to the task): {@code v:<visitor>} bucket the visitor was last seen in;
 * {@code b:<bucket>} count of the bucket; {@code c:<bucket>} the task's count of the window ending at
 * a completed bucket, while a late event can still change it; {@code n:<bucket>} and
 * {@code m:<bucket>:<i>} the index by which {@link VisitorExpiry} deletes the {@code v:} entries of visitors
 * last seen before the kept buckets, in event time; {@code maxTs} newest accepted event
 * time; {@code pos} next offset of the task's visits partition; on task 0 also {@code agg} (what it
 * holds of the shares, the last decided bucket and the alert state) and {@code count} (the latest
 * live count, as JSON).
 */
public final class VisitorCounterTask
        implements BatchTask, InitableTask, WindowableTask, ValidatingTask, ClosableTask {

    private static final Logger LOG = LoggerFactory.getLogger(VisitorCounterTask.class);
    /** Dead-letter reason of an event further ahead than {@code visitors.max.future.ms}. */
    static final String FUTURE = "future";

    private VisitorSettings settings;
    private KeyValueStore<String, String> store;
    private TaskMetrics metrics;
    private VisitParser parser;
    private FutureBound futureBound;
    private WindowCounter counter;
    /** Null in events mode, which keeps no visitor entries. */
    private VisitorExpiry expiry;
    private Aggregator aggregator;
    private VisitsTopic visitsTopic;
    private int partition;
    private String instance;
    /** Next offset of this task's partition of the visits topic: the version of its shares. */
    private long position;
    private long quietMs;
    private boolean idle;

    @Override
    public List<ConfigKey<?>> configKeys() {
        return VisitorKeys.all();
    }

    @Override
    public void validate(Config config) {
        checkedSettings(config);
    }

    private static VisitorSettings checkedSettings(Config config) {
        final VisitorSettings settings = VisitorSettings.from(config);
        final List<String> inputs = List.of(config.getString("task.inputs", "").split("\\s*,\\s*"));
        if (!inputs.contains(settings.partialsTopic()) || !inputs.contains(settings.inputTopic())) {
            throw new ConfigException("task.inputs", "must list both the visits topic '" + settings.inputTopic()
                    + "' (visitors.input.topic) and the partials topic '" + settings.partialsTopic()
                    + "' (visitors.partials.topic), which task 0 reads to combine the counts of all tasks");
        }
        return settings;
    }

    @Override
    public void init(TaskContext context) {
        settings = checkedSettings(context.config());
        partition = context.partition();
        instance = jobInstance(context.config());
        metrics = context.metrics();
        store = context.store(settings.store());
        parser = new VisitParser(settings.maxEventBytes());
        futureBound = new FutureBound(settings.maxFutureMs(), System::currentTimeMillis);
        counter = new WindowCounter(settings.bucketMs(), settings.windowBuckets(), settings.latenessMs(), settings.mode());
        expiry = settings.mode() == CountMode.VISITORS ? new VisitorExpiry(store) : null;
        restoreCounter();
        final String pos = store.get("pos");
        position = pos == null ? 0 : Long.parseLong(pos);
        if (partition == 0) {
            visitsTopic = VisitsTopic.connect(context.config(), settings);
            final int tasks = VisitsTopic.partitionCount(visitsTopic, settings);
            aggregator = new Aggregator(settings, store, instance, tasks, visitsTopic);
            aggregator.restore();
        }
    }

    private void restoreCounter() {
        final String maxTs = store.get("maxTs");
        if (maxTs == null) {
            return;
        }
        final long ts = Long.parseLong(maxTs);
        counter.restore(ts, Map.of());
        final long[] range = counter.keptRange();
        final List<String> keys = new ArrayList<>();
        for (long b = range[0]; b <= range[1]; b++) {
            keys.add("b:" + b);
        }
        for (long b = counter.oldestCorrectableBucket(); b < counter.newestBucket(); b++) {
            keys.add("c:" + b);
        }
        final Map<Long, Long> buckets = new HashMap<>();
        final Map<Long, Long> completed = new HashMap<>();
        store.getAll(keys).forEach((k, v) -> (k.startsWith("b:") ? buckets : completed)
                .put(Long.parseLong(k.substring(2)), Long.parseLong(v)));
        counter.restore(ts, buckets, completed);
        if (expiry != null) {
            expiry.restore(range[0], range[1]);
        }
    }

    @Override
    public void process(List<IncomingMessage> batch, MessageCollector collector, TaskCoordinator coordinator) {
        final List<IncomingMessage> visitMessages = new ArrayList<>(batch.size());
        final List<Visit> visits = new ArrayList<>(batch.size());
        final List<IncomingMessage> partialMessages = new ArrayList<>();
        for (IncomingMessage message : batch) {
            if (message.topic().equals(settings.partialsTopic())) {
                partialMessages.add(message);
                continue;
            }
            position = message.offset() + 1;
            quietMs = 0;
            try {
                final Visit visit = parser.parse(toBytes(message.value()));
                if (futureBound.isTooFarAhead(visit.ts(), message.timestamp())) {
                    // Counted, it would move the watermark ahead and make every later event late.
                    metrics.increment("events-future", 1);
                    collector.deadLetter(message, FUTURE);
                    continue;
                }
                visits.add(visit);
                visitMessages.add(message);
            } catch (VisitParser.InvalidVisitException e) {
                metrics.increment("events-invalid", 1);
                collector.deadLetter(message, e.problem().reason());
            }
        }
        if (!visits.isEmpty()) {
            countVisits(visitMessages, visits, collector);
        } else if (partialMessages.size() < batch.size()) {
            // Only invalid visits: the position still moved, and task 0 compares it with the end offset.
            store.put("pos", Long.toString(position));
        }
        if (!partialMessages.isEmpty()) {
            if (aggregator == null) {
                throw new IllegalStateException("task " + partition + " received shares on " + settings.partialsTopic()
                        + "; that topic must have exactly one partition");
            }
            aggregator.take(partialMessages, collector, coordinator);
        }
    }

    private void countVisits(List<IncomingMessage> messages, List<Visit> visits, MessageCollector collector) {
        final Map<String, Long> lastSeen = new HashMap<>(visits.size() * 2);
        if (settings.mode() == CountMode.VISITORS) {
            final Set<String> keys = new HashSet<>(visits.size() * 2);
            for (Visit v : visits) {
                keys.add("v:" + v.visitor());
            }
            store.getAll(keys).forEach((k, b) -> lastSeen.put(k.substring(2), Long.parseLong(b)));
        }
        // Visitors whose last-seen bucket moved, maybe more than once each: their v: keys are written.
        final List<String> moved = new ArrayList<>();
        final Map<Long, Long> changedBuckets = new HashMap<>();
        final TreeMap<Long, Long> completions = new TreeMap<>();
        int accepted = 0;
        for (int i = 0; i < visits.size(); i++) {
            final Visit visit = visits.get(i);
            if (counter.isLate(visit.ts())) {
                metrics.increment("events-late", 1);
                collector.deadLetter(messages.get(i), "late");
                continue;
            }
            if (counter.add(visit.visitor(), visit.ts(), lastSeen, changedBuckets, completions)) {
                moved.add(visit.visitor());
            }
            accepted++;
        }
        if (accepted == 0) {
            store.put("pos", Long.toString(position));
            return;
        }
        metrics.increment("events-counted", accepted);
        final Map<String, String> writes = new HashMap<>(moved.size() * 2 + 16);
        for (String visitor : moved) {
            writes.put("v:" + visitor, Long.toString(lastSeen.get(visitor)));
        }
        if (expiry != null) {
            expiry.indexMoved(moved, lastSeen, writes);
        }
        final List<String> deletes = new ArrayList<>();
        changedBuckets.forEach((bucket, count) -> {
            if (count == 0) {
                deletes.add("b:" + bucket);
            } else {
                writes.put("b:" + bucket, Long.toString(count));
            }
        });
        completions.forEach((bucket, count) -> writes.put("c:" + bucket, Long.toString(count)));
        counter.prune().keySet().forEach(b -> {
            deletes.add("b:" + b);
            writes.remove("b:" + b);
        });
        counter.pruneCompleted().forEach(b -> {
            deletes.add("c:" + b);
            writes.remove("c:" + b);
        });
        writes.put("maxTs", Long.toString(counter.maxTs()));
        writes.put("pos", Long.toString(position));
        store.putAll(writes);
        store.deleteAll(deletes);
        if (expiry != null) {
            // In event time, in this commit: the entries of visitors last seen before the kept buckets go.
            final int expired = expiry.expireBefore(counter.oldestKeptBucket());
            if (expired > 0) {
                metrics.increment("visitors-expired", expired);
            }
        }
        idle = false;
        publishShare(completions, collector);
    }

    private void publishShare(Map<Long, Long> completions, MessageCollector collector) {
        final Share share = new Share(counter.partial(partition, position), idle, new TreeMap<>(completions));
        collector.send(new OutgoingMessage(settings.partialsTopic(), instance + ":" + partition,
                PartialCodec.encodeShare(share), 0, Map.of()));
    }

    @Override
    public void window(MessageCollector collector, TaskCoordinator coordinator) {
        quietMs += settings.windowMs();
        if (!idle && quietMs >= settings.idleMs()) {
            // Caught up and quiet: task 0 stops waiting for this partition (it counts with the open share).
            idle = true;
            LOG.info("Task {} had no visits for {} ms at offset {} of {}: it tells task 0 that its partition is idle.",
                    partition, quietMs, position, settings.inputTopic());
            publishShare(Map.of(), collector);
        }
        if (aggregator != null) {
            aggregator.decideWithIdleTasks(collector, coordinator);
            aggregator.publishCount(collector);
        }
    }

    @Override
    public void close() {
        if (visitsTopic != null) {
            visitsTopic.close();
        }
    }

    /**
     * {@code <job.name>-<job.id>}: tags the shares on the partials topic, so that a job started afresh
     * under a new id ignores the shares of an earlier instance still in the topic, and names alerts.
     */
    static String jobInstance(Config config) {
        return JobIdentity.of(config).instance();
    }

    private static byte[] toBytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
