package dev.riffle.runner.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a container's metrics as JMX MBeans: {@code dev.riffle:type=Container,job=..,container=..}
 * and {@code dev.riffle:type=Task,job=..,container=..,task=..}, each a read-only attribute per number
 * of the snapshot. {@link #close} unregisters them.
 */
public final class JmxPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JmxPublisher.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();

    /** Registers the container's MBean and one per task. */
    public static JmxPublisher publish(final ContainerStats stats) {
        final JmxPublisher publisher = new JmxPublisher();
        final String base = "dev.riffle:job=" + quoteIfNeeded(stats.job()) + ",container=" + quoteIfNeeded(stats.containerId());
        publisher.register(base + ",type=Container", stats::snapshot);
        for (TaskStats task : stats.tasks()) {
            publisher.register(base + ",type=Task,task=" + quoteIfNeeded(task.taskName()), task::snapshot);
        }
        return publisher;
    }

    /**
     * Registers one read-only MBean under {@code objectName} whose attributes are the entries of
     * {@code snapshot} (values must not be null); the application master publishes its own state so.
     */
    public static JmxPublisher publish(final String objectName, final Supplier<Map<String, Object>> snapshot) {
        final JmxPublisher publisher = new JmxPublisher();
        publisher.register(objectName, snapshot);
        return publisher;
    }

    /** Quotes a value for an object name when it holds characters a name cannot carry bare. */
    public static String quoteIfNeeded(final String value) {
        return value.matches("[A-Za-z0-9 ._-]+") ? value : ObjectName.quote(value);
    }

    /** The object name of a task's MBean. */
    public static ObjectName taskName(final String job, final String containerId, final String task) {
        try {
            return new ObjectName("dev.riffle:job=" + quoteIfNeeded(job) + ",container=" + quoteIfNeeded(containerId)
                    + ",type=Task,task=" + quoteIfNeeded(task));
        } catch (JMException e) {
            throw new IllegalArgumentException("Cannot build a JMX name for task " + task + ": " + e.getMessage(), e);
        }
    }

    private void register(final String name, final Supplier<Map<String, Object>> snapshot) {
        try {
            final ObjectName objectName = new ObjectName(name);
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(new SnapshotMBean(snapshot), objectName);
            registered.add(objectName);
        } catch (JMException e) {
            LOG.warn("Cannot publish the metrics MBean {} over JMX ({}); the metrics stay readable in-process.", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("MBean {} was already unregistered.", name);
            }
        }
        registered.clear();
    }

    /** A read-only MBean whose attributes are the entries of a snapshot map. */
    private static final class SnapshotMBean implements DynamicMBean {

        private final Supplier<Map<String, Object>> snapshot;

        SnapshotMBean(final Supplier<Map<String, Object>> snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public Object getAttribute(final String attribute) throws AttributeNotFoundException {
            final Object value = snapshot.get().get(attribute);
            if (value == null) {
                throw new AttributeNotFoundException("No metric named " + attribute);
            }
            return value;
        }

        @Override
        public void setAttribute(final Attribute attribute) {
            throw new UnsupportedOperationException("Riffle metrics are read-only");
        }

        @Override
        public AttributeList getAttributes(final String[] attributes) {
            final Map<String, Object> s = snapshot.get();
            final AttributeList list = new AttributeList();
            for (String a : attributes) {
                if (s.containsKey(a)) {
                    list.add(new Attribute(a, s.get(a)));
                }
            }
            return list;
        }

        @Override
        public AttributeList setAttributes(final AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(final String actionName, final Object[] params, final String[] signature) {
            throw new UnsupportedOperationException("Riffle metrics MBeans have no operations");
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            final Map<String, Object> s = snapshot.get();
            final MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[s.size()];
            int i = 0;
            for (Map.Entry<String, Object> e : s.entrySet()) {
                attributes[i++] = new MBeanAttributeInfo(e.getKey(), e.getValue().getClass().getName(),
                        e.getKey(), true, false, false);
            }
            return new MBeanInfo(getClass().getName(), "Riffle metrics", attributes, null, null, null);
        }
    }
}
