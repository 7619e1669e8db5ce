package dev.riffle.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.riffle.examples.visitors.VisitGenerator;

/**
 * Fills the bench topic with {@link VisitGenerator} events (100,000 visitors, one event every 10 ms
 * of event time), keyed by visitor, lz4-compressed. Each event carries two more fields the job does
 * not read ({@code page}, {@code ref}) so a value is ~95 bytes, the size of a real page-view event.
 */
public final class Preloader {

    static final int VISITORS = 100_000;
    static final long START_TS = 1_764_133_975_000L;
    static final long STEP_MS = 10;

    private Preloader() {
    }

    /** The value of one event, as produced. */
    static String value(final VisitGenerator.Event e) {
        final String json = e.json();
        return json.substring(0, json.length() - 1) + ",\"page\":\"/hotels/" + (e.index() * 7919 % 10_000)
                + "\",\"ref\":\"newsletter\"}";
    }

    /** Produces the events; returns the mean value size in bytes. */
    public static double preload(final String bootstrap, final String topic, final long events) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        final long start = System.nanoTime();
        long bytes = 0;
        final VisitGenerator generator = new VisitGenerator(
                new VisitGenerator.Options(events, VISITORS, 42, START_TS, STEP_MS, -1, 0));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (VisitGenerator.Event e : generator) {
                final byte[] value = value(e).getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, e.visitor().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        final double mean = events == 0 ? 0 : (double) bytes / events;
        System.out.printf(Locale.ROOT, "Preloaded %,d visits (mean value %.1f B, lz4, keyed by visitor) into %s in %.1f s.%n",
                events, mean, topic, (System.nanoTime() - start) / 1e9);
        return mean;
    }
}
