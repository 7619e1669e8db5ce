package dev.riffle.yarn.am;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks to YARN: {@link AMRMClientAsync} for container requests and news from
 * the ResourceManager, {@link NMClientAsync} to start and stop container processes. Translates
 * YARN's records into {@link ClusterManager}'s and decides nothing.
 */
public final class YarnClusterManager implements ClusterManager, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YarnClusterManager.class);

    /** Exit statuses that mean the cluster, not the Riffle process, ended the container. */
    private static final Set<Integer> LOST = Set.of(
            ContainerExitStatus.PREEMPTED, ContainerExitStatus.ABORTED, ContainerExitStatus.DISKS_FAILED,
            ContainerExitStatus.KILLED_BY_RESOURCEMANAGER, ContainerExitStatus.KILLED_AFTER_APP_COMPLETION,
            ContainerExitStatus.KILLED_BY_APPMASTER, ContainerExitStatus.KILLED_BY_CONTAINER_SCHEDULER,
            ContainerExitStatus.KILLED_FOR_EXCESS_LOGS);

    private static final int HEARTBEAT_MS = 500;

    private final Resource resource;
    private final Priority priority = Priority.newInstance(1);
    private final Function<LaunchSpec, ContainerLaunchContext> contexts;
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Deque<ContainerRequest> outstanding = new ArrayDeque<>();
    private final AMRMClientAsync<ContainerRequest> resourceManager;
    private final NMClientAsync nodeManagers;
    private volatile Listener listener;

    /**
     * @param contexts builds the launch context of a container from its spec
     */
    public YarnClusterManager(final Configuration conf, final int memoryMb, final int vcores,
                              final Function<LaunchSpec, ContainerLaunchContext> contexts) {
        this.resource = Resource.newInstance(memoryMb, vcores);
        this.contexts = contexts;
        this.resourceManager = AMRMClientAsync.createAMRMClientAsync(HEARTBEAT_MS, new ResourceManagerEvents());
        this.resourceManager.init(conf);
        this.nodeManagers = NMClientAsync.createNMClientAsync(new NodeManagerEvents());
        this.nodeManagers.init(conf);
    }

    /** Starts the clients and registers the application master with the ResourceManager. */
    @Override
    public List<Running> register(final Listener events, final String host, final int port, final String trackingUrl)
            throws IOException {
        this.listener = events;
        resourceManager.start();
        nodeManagers.start();
        final RegisterApplicationMasterResponse response;
        try {
            response = resourceManager.registerApplicationMaster(host, port, trackingUrl);
        } catch (YarnException e) {
            throw new IOException("The ResourceManager refused to register the application master: " + e.getMessage(), e);
        }
        final List<Running> previous = new ArrayList<>();
        for (Container c : response.getContainersFromPreviousAttempts()) {
            containers.put(c.getId().toString(), c);
            previous.add(new Running(c.getId().toString(), c.getNodeId().getHost()));
        }
        return previous;
    }

    /** Whether the ResourceManager counts this exit status as the cluster's doing. */
    static boolean isLost(final int exitStatus) {
        return LOST.contains(exitStatus);
    }

    @Override
    public synchronized void requestContainer() {
        final ContainerRequest request = new ContainerRequest(resource, null, null, priority);
        outstanding.add(request);
        resourceManager.addContainerRequest(request);
    }

    @Override
    public synchronized void cancelRequest() {
        final ContainerRequest request = outstanding.poll();
        if (request != null) {
            resourceManager.removeContainerRequest(request);
        }
    }

    @Override
    public void releaseContainer(final String containerId) {
        containers.remove(containerId);
        resourceManager.releaseAssignedContainer(ContainerId.fromString(containerId));
    }

    @Override
    public void launch(final String containerId, final LaunchSpec spec) {
        final Container container = containers.get(containerId);
        if (container == null) {
            listener.onLaunchFailed(containerId, new IllegalStateException("container " + containerId + " is unknown"));
            return;
        }
        final ContainerLaunchContext context;
        try {
            context = contexts.apply(spec);
        } catch (RuntimeException e) {
            listener.onLaunchFailed(containerId, e);
            return;
        }
        nodeManagers.startContainerAsync(container, context);
    }

    @Override
    public void stop(final String containerId) {
        final Container container = containers.get(containerId);
        if (container == null) {
            LOG.warn("Cannot stop container {}: the application master does not know its node.", containerId);
            return;
        }
        nodeManagers.stopContainerAsync(container.getId(), container.getNodeId());
    }

    @Override
    public void unregister(final FinalStatus status, final String diagnostics) throws IOException {
        try {
            resourceManager.unregisterApplicationMaster(yarnStatus(status), diagnostics, null);
        } catch (YarnException e) {
            throw new IOException("The ResourceManager refused to unregister the application master: "
                    + e.getMessage(), e);
        }
    }

    static FinalApplicationStatus yarnStatus(final FinalStatus status) {
        return switch (status) {
            case SUCCEEDED -> FinalApplicationStatus.SUCCEEDED;
            case FAILED -> FinalApplicationStatus.FAILED;
            case KILLED -> FinalApplicationStatus.KILLED;
        };
    }

    @Override
    public void close() {
        try {
            nodeManagers.stop();
        } finally {
            resourceManager.stop();
        }
    }

    private synchronized void allocated(final List<Container> allocated) {
        for (Container c : allocated) {
            // AMRMClient would ask again for a request that stays registered after its allocation.
            final ContainerRequest request = outstanding.poll();
            if (request != null) {
                resourceManager.removeContainerRequest(request);
            }
            containers.put(c.getId().toString(), c);
        }
    }

    private final class ResourceManagerEvents extends AMRMClientAsync.AbstractCallbackHandler {

        @Override
        public void onContainersCompleted(final List<ContainerStatus> statuses) {
            for (ContainerStatus s : statuses) {
                final String id = s.getContainerId().toString();
                containers.remove(id);
                listener.onCompleted(new Completion(id, s.getExitStatus(), isLost(s.getExitStatus()), s.getDiagnostics()));
            }
        }

        @Override
        public void onContainersAllocated(final List<Container> allocated) {
            allocated(allocated);
            for (Container c : allocated) {
                listener.onAllocated(new Allocation(c.getId().toString(), c.getNodeId().getHost()));
            }
        }

        @Override
        public void onContainersUpdated(final List<UpdatedContainer> updated) {
            // Riffle never asks for container updates.
        }

        @Override
        public void onShutdownRequest() {
            // The application was killed, or this attempt was superseded; either way this AM must end now.
            listener.onClusterError(new IllegalStateException("the ResourceManager told this application master to "
                    + "shut down (the application was killed or this attempt is no longer current)"));
        }

        @Override
        public void onNodesUpdated(final List<NodeReport> nodes) {
            // Containers on lost nodes are reported as completed (ABORTED); nothing to do here.
        }

        @Override
        public float getProgress() {
            return 0.5f;
        }

        @Override
        public void onError(final Throwable e) {
            listener.onClusterError(e);
        }
    }

    private final class NodeManagerEvents extends NMClientAsync.AbstractCallbackHandler {

        @Override
        public void onContainerStarted(final ContainerId id, final Map<String, java.nio.ByteBuffer> serviceData) {
            listener.onLaunched(id.toString());
        }

        @Override
        public void onContainerStatusReceived(final ContainerId id, final ContainerStatus status) {
            // Not asked for.
        }

        @Override
        public void onContainerStopped(final ContainerId id) {
            LOG.info("The NodeManager stopped container {}.", id);
        }

        @Override
        public void onStartContainerError(final ContainerId id, final Throwable t) {
            listener.onLaunchFailed(id.toString(), t);
        }

        @Override
        public void onContainerResourceIncreased(final ContainerId id, final Resource resource) {
            // Not asked for.
        }

        @Override
        public void onContainerResourceUpdated(final ContainerId id, final Resource resource) {
            // Not asked for.
        }

        @Override
        public void onGetContainerStatusError(final ContainerId id, final Throwable t) {
            // Not asked for.
        }

        @Override
        public void onIncreaseContainerResourceError(final ContainerId id, final Throwable t) {
            // Not asked for.
        }

        @Override
        public void onUpdateContainerResourceError(final ContainerId id, final Throwable t) {
            // Not asked for.
        }

        @Override
        public void onStopContainerError(final ContainerId id, final Throwable t) {
            LOG.warn("Cannot stop container {}: {}. It ends with the application.", id, t.toString());
        }
    }
}
