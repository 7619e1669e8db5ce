package dev.riffle.runner.container;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.model.ContainerModel;

/** Builds a container's run loop on real Kafka clients: the one place production wiring happens. */
public final class Containers {

    private Containers() {
    }

    /**
     * A run loop for a container of the job model (as the application master shipped it, or a local run
     * built it), on a new Kafka consumer and producer.
     */
    public static ContainerLoop kafkaLoop(final JobConfig config, final ContainerModel model) {
        TaskFactory.newTask(config); // fail fast on a bad task.class, before any client is opened
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
