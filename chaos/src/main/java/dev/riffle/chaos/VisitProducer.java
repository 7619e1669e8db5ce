package dev.riffle.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the run's visits at a steady rate on its own thread until told to stop. It rides out a broker that
 * is away for minutes (idempotent, acks=all, ten minutes to deliver), so a Kafka fault tests the job and
 * not the producer; what it could not deliver is counted, and the truth is taken from the topic anyway.
 */
final class VisitProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Traffic traffic;
    private final double rate;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;

    VisitProducer(final String bootstrapServers, final String topic, final Traffic traffic, final double rate) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "riffle-chaos-visits");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.traffic = traffic;
        this.rate = rate;
        this.thread = new Thread(this::loop, "chaos-visit-producer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        final long started = System.nanoTime();
        final String[] action = new String[1];
        while (!stopping) {
            final long due = started + (long) (sent.get() * 1e9 / rate);
            final long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            final Traffic.Visit visit = traffic.next(action);
            try {
                producer.send(new ProducerRecord<>(topic, visit.visitor(), visit.json(action[0])), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error.toString());
                    }
                });
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
            }
            sent.incrementAndGet();
        }
    }

    /** Stops sending and waits until every sent visit is acknowledged or has failed. */
    void stopAndFlush() {
        stopping = true;
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    long sent() {
        return sent.get();
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    String firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        stopping = true;
        producer.close(Duration.ofSeconds(30));
    }
}
