package dev.riffle.yarn.am;

import java.io.IOException;
import java.util.List;

import dev.riffle.runner.model.ContainerModel;

/**
 * What the application master needs from a cluster: register and unregister the application master,
 * ask for containers, start a Riffle container in one, stop one, and hear back what happened. {@link JobCoordinator} makes every decision
 * against this interface; {@link YarnClusterManager} is the only implementation that talks to YARN,
 * so the decisions are unit-testable with a fake.
 *
 * <p>Callbacks may arrive on any thread; the listener is responsible for its own locking.
 */
public interface ClusterManager {

    /**
     * Registers this application master with the cluster, which shows {@code trackingUrl} as the
     * application's page, and from now on tells {@code listener} what happens to the containers.
     *
     * @return the containers a previous attempt of this application left running, to adopt
     * @throws IOException when the cluster refuses or cannot be reached; the application master then ends
     */
    List<Running> register(Listener listener, String host, int port, String trackingUrl) throws IOException;

    /**
     * Ends the application with {@code status}; the cluster shows {@code diagnostics} to anyone who can
     * list applications, so they must hold no secret.
     */
    void unregister(FinalStatus status, String diagnostics) throws IOException;

    /** Asks for one more container with the job's container resources. */
    void requestContainer();

    /**
     * Gives back a container: an allocated one that will not be used, or a running one, which the cluster
     * then kills (its completion is still reported).
     */
    void releaseContainer(String containerId);

    /** Starts the Riffle container process described by {@code spec} in an allocated container. */
    void launch(String containerId, LaunchSpec spec);

    /** Stops a running container (it is reported back through {@link Listener#onCompleted}). */
    void stop(String containerId);

    /** A request made with {@link #requestContainer()} that is no longer needed. */
    void cancelRequest();

    /** The logical container a cluster container should run, with its slice of the job model. */
    record LaunchSpec(String logicalId, ContainerModel model) {

        /** The task numbers (= partitions) it runs. */
        public List<Integer> partitions() {
            return model.partitions();
        }
    }

    /** How the application ended, as the cluster records it. */
    enum FinalStatus { SUCCEEDED, FAILED, KILLED }

    /** A container still running from a previous attempt of this application master. */
    record Running(String containerId, String host) {
    }

    /** A container the cluster gave us. */
    record Allocation(String containerId, String host) {
    }

    /**
     * A container that ended. {@code lost} is true when the cluster, not the process, ended it
     * (preempted, node lost, disks failed, aborted): such ends do not count against the restart budget.
     */
    record Completion(String containerId, int exitStatus, boolean lost, String diagnostics) {
    }

    /** Receives the cluster's news. */
    interface Listener {

        void onAllocated(Allocation allocation);

        void onLaunched(String containerId);

        void onLaunchFailed(String containerId, Throwable cause);

        void onCompleted(Completion completion);

        /** The cluster connection itself failed; the job cannot continue. */
        void onClusterError(Throwable cause);
    }
}
