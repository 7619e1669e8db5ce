package dev.riffle.runner.container;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.container.io.ContainerIo;
import dev.riffle.runner.container.io.KafkaIo;
import dev.riffle.runner.container.io.OutputSink;
import dev.riffle.runner.container.task.ContainerLoop;
import dev.riffle.runner.container.task.TaskFactory;
import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.store.DefaultStores;

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
        final ContainerIo io = withTestCrash(KafkaIo.open(config, model.id()));
        try {
            // The loop waits for Kafka when it runs (ContainerLoop.awaitInputs), with the heartbeat going.
            return loop(config, model, io);
        } catch (RuntimeException e) {
            io.source().close();
            io.output().close();
            throw e;
        }
    }

    /** The same clients, with the test-only crash of {@link CrashAfterFlush} when its system property is set. */
    private static ContainerIo withTestCrash(final ContainerIo io) {
        final OutputSink output = CrashAfterFlush.armedOrNot(io.output());
        return output == io.output() ? io : new ContainerIo(io.source(), output, io.committer(), io.clock());
    }

    private static ContainerLoop loop(final JobConfig config, final ContainerModel model, final ContainerIo io) {
        return ContainerLoop.create(config, model, io, new DefaultStores(), p -> TaskFactory.newTask(config));
    }
}
