package dev.riffle.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.riffle.examples.visitors.VisitGenerator;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Event-to-output latency at a fixed offered rate. A paced producer writes visits into the (empty,
 * {@code LogAppendTime}) visits topic while the job runs, and keeps the broker's append time of every
 * event by partition and offset. A consumer reads the job's shares topic (also {@code LogAppendTime}):
 * a share of task {@code p} with version {@code v} carries every event of partition {@code p} below
 * offset {@code v}, so each event's latency is the append time of the first share that carries it minus
 * its own append time, both on the broker's clock. Events produced in the warm-up are not recorded.
 */
final class LatencyProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;

    /** One share as read: the task (partition), its version (next offset) and when it was appended. */
    record ShareSeen(int task, long version, long appendMs) {
    }

    private final String bootstrap;
    private final String visits;
    private final String shares;
    private final long events;
    private final double rate;
    private final long warmupEvents;
    private final long[][] appendMs = new long[PARTITIONS][];
    private final int[] appended = new int[PARTITIONS];
    private final List<ShareSeen> seen = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread producerThread;
    private final Thread consumerThread;
    private volatile Exception failure;
    private volatile long producedNanos;

    LatencyProbe(final String bootstrap, final String visits, final String shares, final long events, final double rate,
                 final double warmupSeconds) {
        this.bootstrap = bootstrap;
        this.visits = visits;
        this.shares = shares;
        this.events = events;
        this.rate = rate;
        this.warmupEvents = (long) (rate * warmupSeconds);
        for (int p = 0; p < PARTITIONS; p++) {
            appendMs[p] = new long[(int) Math.max(16, 2 * events / PARTITIONS)];
        }
        producerThread = new Thread(this::produce, "latency-producer");
        consumerThread = new Thread(this::consume, "latency-consumer");
    }

    /** A started probe for a latency run of {@code spec}, whose job writes its shares to {@code shares}. */
    static LatencyProbe of(final RunSpec spec, final String shares) {
        final LatencyProbe probe = new LatencyProbe(spec.bootstrap(), spec.topic(), shares, spec.events(), spec.rate(),
                spec.warmupSeconds());
        probe.consumerThread.start();
        probe.producerThread.start();
        return probe;
    }

    /** Waits until every event is carried by a share (see {@link #await}) and summarises the latencies. */
    RunResult.Latency measure() throws Exception {
        final Histogram[] histograms = await(120);
        final Histogram all = histograms[0];
        final Histogram lastHalf = histograms[1];
        return new RunResult.Latency(offeredRate(), all.getTotalCount(), all.getValueAtPercentile(50),
                all.getValueAtPercentile(99), all.getMaxValue(), lastHalf.getValueAtPercentile(99));
    }

    /** Events actually offered per second (below the target when the producer could not keep up). */
    double offeredRate() {
        return producedNanos == 0 ? Double.NaN : events * 1e9 / producedNanos;
    }

    /**
     * Waits for the producer to finish and then at most {@code timeoutSeconds} for shares that carry every
     * event, then stops and returns the histograms of latencies in microseconds: of every recorded event,
     * and of those appended in the second half of the run (once the job is warm).
     */
    Histogram[] await(final long timeoutSeconds) throws Exception {
        producerThread.join(); // as long as the offered events take; the bench main's run timeout bounds it
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!covered()) {
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The shares topic " + shares + " did not carry all " + events
                        + " events within " + timeoutSeconds + " s; the job is too slow for the offered rate");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        stop.set(true);
        consumerThread.join(10_000);
        return histograms();
    }

    private boolean covered() {
        final long[] top = new long[PARTITIONS];
        synchronized (seen) {
            seen.forEach(s -> top[s.task()] = Math.max(top[s.task()], s.version()));
        }
        synchronized (appended) {
            for (int p = 0; p < PARTITIONS; p++) {
                if (top[p] < appended[p]) {
                    return false;
                }
            }
        }
        return producedNanos > 0;
    }

    Histogram[] histograms() {
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        final Histogram lastHalf = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        // The same per 5 s of input time, printed to the run's log: shows whether the tail is spread or one stall.
        final Map<Long, Histogram> slices = new TreeMap<>();
        long firstAppend = Long.MAX_VALUE;
        long lastAppend = Long.MIN_VALUE;
        for (int p = 0; p < PARTITIONS; p++) {
            if (appended[p] > 0) {
                firstAppend = Math.min(firstAppend, appendMs[p][0]);
                lastAppend = Math.max(lastAppend, appendMs[p][appended[p] - 1]);
            }
        }
        final long middle = firstAppend + (lastAppend - firstAppend) / 2;
        final long[] next = new long[PARTITIONS];
        final long skipBefore = warmupEvents / PARTITIONS; // events are spread evenly over the partitions by key
        synchronized (seen) {
            for (ShareSeen share : seen) {
                for (long offset = next[share.task()]; offset < share.version(); offset++) {
                    if (offset >= skipBefore) {
                        final long input = appendMs[share.task()][(int) offset];
                        final long latencyMicros = Math.min(Math.max(0, share.appendMs() - input) * 1000,
                                histogram.getHighestTrackableValue());
                        histogram.recordValue(latencyMicros);
                        if (input >= middle) {
                            lastHalf.recordValue(latencyMicros);
                        }
                        slices.computeIfAbsent((input - firstAppend) / 5000,
                                k -> new Histogram(TimeUnit.MINUTES.toMicros(10), 2)).recordValue(latencyMicros);
                    }
                }
                next[share.task()] = Math.max(next[share.task()], share.version());
            }
        }
        slices.forEach((slice, h) -> System.out.printf(Locale.ROOT,
                "Latency of the events appended %d-%d s into the run: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d events)%n",
                slice * 5, slice * 5 + 5, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3, h.getTotalCount()));
        return new Histogram[] {histogram, lastHalf};
    }

    private void produce() {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        final VisitGenerator generator = new VisitGenerator(new VisitGenerator.Options(events, Preloader.VISITORS, 7,
                Preloader.START_TS, Preloader.STEP_MS, -1, 0));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            final long start = System.nanoTime();
            long i = 0;
            for (VisitGenerator.Event e : generator) {
                if (stop.get()) {
                    return;
                }
                // Paced by the schedule, not by the last send, so a slow send is caught up after.
                final long due = start + (long) (i * 1e9 / rate);
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(visits, e.visitor().getBytes(StandardCharsets.UTF_8),
                        Preloader.value(e).getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                            if (error != null) {
                                failure = error;
                            } else {
                                record(metadata.partition(), metadata.offset(), metadata.timestamp());
                            }
                        });
                i++;
            }
            producer.flush();
            producedNanos = System.nanoTime() - start;
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** A share read from the shares topic, in the order read. */
    void saw(final ShareSeen share) {
        synchronized (seen) {
            seen.add(share);
        }
    }

    /** The broker's append time of an event the producer wrote. */
    void record(final int partition, final long offset, final long timestamp) {
        synchronized (appended) {
            if (offset >= appendMs[partition].length) {
                appendMs[partition] = Arrays.copyOf(appendMs[partition], (int) (offset * 2));
            }
            appendMs[partition][(int) offset] = timestamp;
            appended[partition] = (int) Math.max(appended[partition], offset + 1);
        }
    }

    private void consume() {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            final TopicPartition partition = new TopicPartition(shares, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    final ShareSeen share = parse(record.value(), record.timestamp());
                    if (share != null) {
                        saw(share);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Riffle's shares are JSON with "task" and "version"; the Kafka Streams peer's are "task;version;...". */
    static ShareSeen parse(final byte[] value, final long appendMs) {
        if (value == null || value.length == 0) {
            return null;
        }
        final String text = new String(value, StandardCharsets.UTF_8);
        try {
            if (text.charAt(0) == '{') {
                final JsonNode node = JSON.readTree(text);
                if (!node.hasNonNull("task") || !node.hasNonNull("version")) {
                    return null;
                }
                return new ShareSeen(node.get("task").asInt(), node.get("version").asLong(), appendMs);
            }
            final String[] parts = text.split(";", 3);
            return new ShareSeen(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), appendMs);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        producerThread.interrupt();
        consumerThread.join(10_000);
    }
}
