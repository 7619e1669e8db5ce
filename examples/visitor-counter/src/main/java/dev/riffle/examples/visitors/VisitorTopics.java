package dev.riffle.examples.visitors;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates the visitor counter's topics when they are missing: {@code visits} with several partitions,
 * and one partition each for the shares, the live count, the alerts and the dead letters (the shares
 * topic must have exactly one partition: task 0 combines them).
 */
@Command(name = "create-visitor-topics", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 2,
        description = "Creates the topics of the visitor counter that do not exist yet.")
public final class VisitorTopics implements Callable<Integer> {

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the visits topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--job-name", defaultValue = "visitor-counter", description = "job.name, for the dead-letter topic (default ${DEFAULT-VALUE}).")
    String jobName;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Override
    public Integer call() throws InterruptedException {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : List.of(new NewTopic("visits", partitions, (short) 1),
                    new NewTopic("visitor-partials", 1, (short) 1),
                    new NewTopic("visitor-counts", 1, (short) 1),
                    new NewTopic("visitor-alerts", 1, (short) 1),
                    new NewTopic(jobName + "-dead-letters", 1, (short) 1))) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            for (NewTopic topic : missing) {
                System.out.printf("Created topic %s (%d partition%s).%n", topic.name(), topic.numPartitions(),
                        topic.numPartitions() == 1 ? "" : "s");
            }
            if (missing.isEmpty()) {
                System.out.println("The visitor counter's topics exist already.");
            }
            return 0;
        } catch (ExecutionException e) {
            System.err.println("Could not create the topics on " + bootstrapServers + ": " + e.getCause().getMessage()
                    + ". Is Kafka running? (scripts/grid status)");
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VisitorTopics()).execute(args));
    }
}
