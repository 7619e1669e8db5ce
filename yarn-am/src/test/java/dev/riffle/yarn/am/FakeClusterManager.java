package dev.riffle.yarn.am;

import java.io.IOException;
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
    /** Final statuses and diagnostics the application master unregistered with, in order. */
    final List<String> unregistered = new ArrayList<>();
    /** Containers {@link #register} reports as left running by a previous attempt. */
    final List<Running> previousAttempt = new ArrayList<>();
    /** The tracking URL the application master registered with; null before it registered. */
    String trackingUrl;
    /** When set, {@link #launch} reports the launch as failed with this cause instead of starting it. */
    RuntimeException launchFailure;
    /** When set, {@link #stop} throws it (a cluster connection that broke). */
    RuntimeException stopFailure;
    private int nextId = 1;
    private Listener listener;

    void attach(final Listener coordinator) {
        this.listener = coordinator;
    }

    @Override
    public List<Running> register(final Listener events, final String host, final int port, final String url) {
        this.listener = events;
        this.trackingUrl = url;
        return List.copyOf(previousAttempt);
    }

    @Override
    public void unregister(final FinalStatus status, final String diagnostics) throws IOException {
        unregistered.add(status + ": " + diagnostics);
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
        if (launchFailure != null) {
            listener.onLaunchFailed(containerId, launchFailure);
            return;
        }
        launched.put(containerId, spec);
        listener.onLaunched(containerId);
    }

    @Override
    public void stop(final String containerId) {
        if (stopFailure != null) {
            throw stopFailure;
        }
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
            granted.addAll(grant(1));
        }
        return granted;
    }

    /** Grants {@code count} outstanding requests, and none that the coordinator makes meanwhile. */
    List<String> grant(final int count) {
        final List<String> granted = new ArrayList<>();
        for (int i = 0; i < count && outstandingRequests > 0; i++) {
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
