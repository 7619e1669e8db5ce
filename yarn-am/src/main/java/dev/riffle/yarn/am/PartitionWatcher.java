package dev.riffle.yarn.am;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.model.TopicMetadata;

/** Reads the input topics' partition counts from Kafka, at start and then periodically, for the job model. */
final class PartitionWatcher implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final TopicMetadata metadata;
    private final List<String> inputs;

    PartitionWatcher(final JobConfig config) {
        this.inputs = config.get(RiffleConfig.TASK_INPUTS);
        this.admin = Admin.create(TopicMetadata.adminProperties(config));
        this.metadata = new TopicMetadata(admin, TIMEOUT);
    }

    /**
     * Partition counts of the inputs now.
     *
     * @throws dev.riffle.api.config.ConfigException naming every missing topic
     * @throws IllegalStateException if Kafka does not answer in time
     */
    Map<String, Integer> partitionCounts() {
        return metadata.partitionCounts(inputs);
    }

    @Override
    public void close() {
        admin.close();
    }
}
