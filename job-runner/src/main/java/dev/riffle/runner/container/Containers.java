package dev.riffle.runner.container;

import java.util.List;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;

/** Builds a container's run loop on real Kafka clients: the one place production wiring happens. */
public final class Containers {

    private Containers() {
    }

    /**
     * A run loop for container {@code containerId} running tasks {@code partitions}, on a new Kafka
     * consumer and producer, with the production store factory and new instances of {@code task.class}.
     */
    public static ContainerLoop kafkaLoop(final JobConfig config, final String containerId, final List<Integer> partitions) {
        TaskFactory.newTask(config); // fail fast on a bad task.class, before any client is opened
        final ContainerIo io = KafkaIo.open(config, containerId);
        try {
            return ContainerLoop.create(config, containerId,
                    ContainerLoop.taskInputs(config.get(RiffleConfig.TASK_INPUTS), partitions, io.source()::partitionCount),
                    io, new DefaultStores(), p -> TaskFactory.newTask(config));
        } catch (RuntimeException e) {
            io.source().close();
            io.output().close();
            throw e;
        }
    }
}
