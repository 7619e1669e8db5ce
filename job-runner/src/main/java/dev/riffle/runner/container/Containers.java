package dev.riffle.runner.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.model.ContainerModel;

/** Builds a container's run loop on real Kafka clients: the one place production wiring happens. */
public final class Containers {

    private Containers() {
    }

    /**
     * A run loop for container {@code containerId} running tasks {@code partitions} (from the launch
     * environment), with the input partition counts read through the container's own consumer.
     */
    public static ContainerLoop kafkaLoop(final JobConfig config, final String containerId, final List<Integer> partitions) {
        TaskFactory.newTask(config); // fail fast on a bad task.class, before any client is opened
        final ContainerIo io = KafkaIo.open(config, containerId);
        try {
            final Map<String, Integer> counts = new LinkedHashMap<>();
            for (String topic : config.get(RiffleConfig.TASK_INPUTS)) {
                counts.put(topic, io.source().partitionCount(topic));
            }
            return loop(config, ContainerModel.forPartitions(containerId, config, partitions, counts), io);
        } catch (RuntimeException e) {
            io.source().close();
            io.output().close();
            throw e;
        }
    }

    /** A run loop for a container of the job model, on a new Kafka consumer and producer. */
    public static ContainerLoop kafkaLoop(final JobConfig config, final ContainerModel model) {
        TaskFactory.newTask(config);
        final ContainerIo io = KafkaIo.open(config, model.id());
        try {
            return loop(config, model, io);
        } catch (RuntimeException e) {
            io.source().close();
            io.output().close();
            throw e;
        }
    }

    private static ContainerLoop loop(final JobConfig config, final ContainerModel model, final ContainerIo io) {
        return ContainerLoop.create(config, model, io, new DefaultStores(), p -> TaskFactory.newTask(config));
    }
}
