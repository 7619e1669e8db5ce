package dev.riffle.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.riffle.examples.visitors.Share;
import dev.riffle.examples.visitors.Visit;
import dev.riffle.examples.visitors.VisitParser;
import dev.riffle.examples.visitors.WindowCounter;

/**
 * The Kafka Streams peer's first step, one instance per partition of the visits topic: the same
 * counting as {@code VisitorCounterTask} (the same parser and {@link WindowCounter}), with the state
 * in RocksDB stores: {@code last-seen} (visitor to the bucket it was last seen in) and
 * {@code buckets} (count per bucket, and the newest event time under {@link #MAX_TS_KEY}). Like
 * Riffle, which publishes a share after every batch of {@code task.batch.size} records, it publishes
 * its share every {@link #SHARE_EVERY} records and once per commit interval when it has changed: the
 * buckets it completed since the last share with its count of each, and its open counts (a
 * {@link Share}, the same rule as Riffle's, docs/visitor-counter.md). Unlike Riffle it never reports
 * itself idle (every partition of the bench's topic has visits) and keeps the completed counts that
 * late events correct only in memory (the bench does not restart a run).
 */
final class StreamsShareProcessor implements Processor<byte[], byte[], String, String> {

    /** Visits counted by every instance in this process: what the run's clock watches. */
    static final LongAdder COUNTED = new LongAdder();

    static final String LAST_SEEN = "last-seen";
    static final String BUCKETS = "buckets";
    static final long MAX_TS_KEY = Long.MIN_VALUE;
    static final int SHARE_EVERY = 500;

    private final long bucketMs;
    private final int windowBuckets;
    private final long latenessMs;
    private final Map<String, Long> seen = new HashMap<>(4);
    private final Map<Long, Long> changed = new HashMap<>(4);
    private final TreeMap<Long, Long> completions = new TreeMap<>();
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, Long> lastSeen;
    private KeyValueStore<Long, Long> buckets;
    private WindowCounter counter;
    private VisitParser parser;
    private int task;
    private long version;
    private int sinceShare;
    private boolean dirty;

    StreamsShareProcessor(final long bucketMs, final int windowBuckets, final long latenessMs) {
        this.bucketMs = bucketMs;
        this.windowBuckets = windowBuckets;
        this.latenessMs = latenessMs;
    }

    @Override
    public void init(final ProcessorContext<String, String> context) {
        this.context = context;
        task = context.taskId().partition();
        lastSeen = context.getStateStore(LAST_SEEN);
        buckets = context.getStateStore(BUCKETS);
        parser = new VisitParser(4096);
        counter = new WindowCounter(bucketMs, windowBuckets, latenessMs, dev.riffle.examples.visitors.CountMode.VISITORS);
        final Long maxTs = buckets.get(MAX_TS_KEY);
        if (maxTs != null) {
            counter.restore(maxTs, Map.of());
            final long[] range = counter.keptRange();
            final Map<Long, Long> kept = new HashMap<>();
            try (var iterator = buckets.range(range[0], range[1])) {
                iterator.forEachRemaining(kv -> kept.put(kv.key, kv.value));
            }
            counter.restore(maxTs, kept);
        }
        context.schedule(Duration.ofMillis(1000), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (dirty) {
                publishShare(now);
            }
        });
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final Visit visit;
        try {
            visit = parser.parse(record.value());
        } catch (VisitParser.InvalidVisitException e) {
            return;
        }
        if (counter.isLate(visit.ts())) {
            return;
        }
        final String visitor = visit.visitor();
        final Long previous = lastSeen.get(visitor);
        seen.clear();
        changed.clear();
        if (previous != null) {
            seen.put(visitor, previous);
        }
        counter.add(visitor, visit.ts(), seen, changed, completions);
        final Long now = seen.get(visitor);
        if (now != null && !now.equals(previous)) {
            lastSeen.put(visitor, now);
        }
        changed.forEach((bucket, count) -> {
            if (count == 0) {
                buckets.delete(bucket);
            } else {
                buckets.put(bucket, count);
            }
        });
        version = context.recordMetadata().map(RecordMetadata::offset).orElse(version) + 1;
        dirty = true;
        COUNTED.increment();
        if (++sinceShare >= SHARE_EVERY) {
            publishShare(record.timestamp());
        }
    }

    private void publishShare(final long timestamp) {
        counter.prune().keySet().forEach(buckets::delete);
        counter.pruneCompleted();
        buckets.put(MAX_TS_KEY, counter.maxTs());
        final Share share = new Share(counter.partial(task, version), false, completions);
        context.forward(new Record<>(Integer.toString(task), encode(share), timestamp));
        completions.clear();
        sinceShare = 0;
        dirty = false;
    }

    /** {@link ShareCodec}'s form of the open counts, then {@code |idle|bucket=count,...}. */
    static String encode(final Share share) {
        final StringBuilder text = new StringBuilder(ShareCodec.encode(share.open()));
        text.append('|').append(share.idle()).append('|');
        share.completed().forEach((bucket, count) -> text.append(bucket).append('=').append(count).append(','));
        return text.toString();
    }

    static Share decode(final String text) {
        final String[] parts = text.split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a share must have 3 parts separated by '|', got: " + text);
        }
        final TreeMap<Long, Long> completed = new TreeMap<>();
        for (String entry : parts[2].split(",")) {
            if (!entry.isEmpty()) {
                final int eq = entry.indexOf('=');
                completed.put(Long.parseLong(entry.substring(0, eq)), Long.parseLong(entry.substring(eq + 1)));
            }
        }
        return new Share(ShareCodec.decode(parts[0]), Boolean.parseBoolean(parts[1]), completed);
    }
}
