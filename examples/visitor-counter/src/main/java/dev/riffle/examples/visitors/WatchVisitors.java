package dev.riffle.examples.visitors;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Follows the visitor counter's output: prints the live count whenever it changes and every alert,
 * until the expected number of alerts has arrived or the time is up.
 */
@Command(name = "watch-visitors", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 2,
        description = "Prints the live visitor count as it changes and the alerts as they arrive.")
public final class WatchVisitors implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--job-instance", paramLabel = "NAME-ID",
            description = "Only this instance of the job, <job.name>-<job.id> (default: every instance).")
    String instance;

    @Option(names = "--until-alerts", defaultValue = "1", description = "Stop after this many alerts (default ${DEFAULT-VALUE}); 0 never.")
    int untilAlerts;

    @Option(names = "--timeout", defaultValue = "120", description = "Give up after this many seconds (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--linger", defaultValue = "3", description = "Seconds to keep printing the count after the last alert (default ${DEFAULT-VALUE}).")
    long lingerSeconds;

    @Override
    public Integer call() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        boolean lingering = false;
        int alerts = 0;
        String lastCount = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = List.of(new TopicPartition("visitor-counts", 0),
                    new TopicPartition("visitor-alerts", 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                if (!lingering && untilAlerts > 0 && alerts >= untilAlerts) {
                    // Show where the count settles after the alert, then stop.
                    lingering = true;
                    deadline = Math.min(deadline, System.nanoTime() + lingerSeconds * 1_000_000_000L);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (instance != null && (record.key() == null || !record.key().startsWith(instance))) {
                        continue;
                    }
                    if (record.topic().equals("visitor-alerts")) {
                        alerts++;
                        System.out.println("ALERT  " + record.value());
                    } else {
                        final String count = PartialCodec.JSON.readTree(record.value()).path("count").asText();
                        if (!count.equals(lastCount)) {
                            System.out.println("count  " + record.value());
                            lastCount = count;
                        }
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("visitor-counts holds a record that is not JSON: " + e.getOriginalMessage());
            return 1;
        }
        if (untilAlerts > 0 && alerts < untilAlerts) {
            System.err.printf("Saw %d of %d alerts within %d s. Check the job: scripts/status-job.sh --config-path"
                    + " config/visitor-counter.properties%n", alerts, untilAlerts, timeoutSeconds);
            return 1;
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new WatchVisitors()).execute(args));
    }
}
