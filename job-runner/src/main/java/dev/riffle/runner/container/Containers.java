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
        final ContainerIo io = withTestCrash(KafkaIo.open(config, containerId));
        try {
            final Map<String, Integer> counts = new LinkedHashMap<>();
            final String who = "Container " + containerId + " of job " + KafkaIo.groupId(config);
            final Backoff backoff = Backoff.standard();
            for (String topic : config.get(RiffleConfig.TASK_INPUTS)) {
                counts.put(topic, DependencyWait.untilAvailable(who, "Kafka at "
                        + config.get(RiffleConfig.KAFKA_BOOTSTRAP_SERVERS) + " (the partitions of input topic " + topic
                        + ")", backoff, io.clock(), () -> io.source().partitionCount(topic)));
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
        final ContainerIo io = withTestCrash(KafkaIo.open(config, model.id()));
        try {
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
