package dev.riffle.yarn.am;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records what the coordinator asks of the cluster, and lets a test play the cluster's part. */
final class FakeClusterManager implements ClusterManager {

    int outstandingRequests;
    final List<String> released = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    final Map<String, LaunchSpec> launched = new LinkedHashMap<>();
    private int nextId = 1;
    private Listener listener;

    void attach(final Listener coordinator) {
        this.listener = coordinator;
    }

    @Override
    public void requestContainer() {
        outstandingRequests++;
    }

    @Override
    public void releaseContainer(final String containerId) {
        released.add(containerId);
    }

    @Override
    public void launch(final String containerId, final LaunchSpec spec) {
        launched.put(containerId, spec);
        listener.onLaunched(containerId);
    }

    @Override
    public void stop(final String containerId) {
        stopped.add(containerId);
    }

    @Override
    public void cancelRequest() {
        outstandingRequests--;
    }

    /** Grants every outstanding request, as YARN would, each on its own host. */
    List<String> grantAll() {
        final List<String> granted = new ArrayList<>();
        while (outstandingRequests > 0) {
            outstandingRequests--;
            final String id = "container_" + nextId++;
            granted.add(id);
            listener.onAllocated(new Allocation(id, "host-" + id));
        }
        return granted;
    }

    /** The cluster container now running a logical container. */
    String runnerOf(final String logicalId) {
        String runner = null;
        for (Map.Entry<String, LaunchSpec> e : launched.entrySet()) {
            if (e.getValue().logicalId().equals(logicalId)) {
                runner = e.getKey();
            }
        }
        return runner;
    }

    void exit(final String containerId, final int status) {
        listener.onCompleted(new Completion(containerId, status, false, "exit code " + status));
    }

    void lose(final String containerId, final int status) {
        listener.onCompleted(new Completion(containerId, status, true, "preempted"));
    }
}
