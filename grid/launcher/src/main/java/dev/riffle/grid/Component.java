package dev.riffle.grid;

import java.util.ArrayList;
import java.util.List;

/** One process of the grid; a service is one process, or two for YARN. */
enum Component {
    KAFKA("kafka", "kafka"),
    YARN_RM("yarn-rm", "yarn"),
    YARN_NM("yarn-nm", "yarn"),
    REDIS("redis", "redis"),
    CASSANDRA("cassandra", "cassandra");

    /** Every service, in the order the grid lists them. */
    static final List<String> SERVICES = List.of("kafka", "yarn", "redis", "cassandra");

    private final String id;
    private final String service;

    Component(final String id, final String service) {
        this.id = id;
        this.service = service;
    }

    /** "kafka", "yarn-rm": the name in messages, in {@code status} and in file names. */
    String id() {
        return id;
    }

    String service() {
        return service;
    }

    /** "kafka", or "yarn (yarn-nm)" when the service has several processes. */
    String label() {
        return id.equals(service) ? id : service + " (" + id + ")";
    }

    /** Whether this is a JVM (found again by its command-line markers) rather than redis-server. */
    boolean isJava() {
        return this != REDIS;
    }

    /** The processes of the given services, in the grid's order. */
    static List<Component> of(final List<String> services) {
        final List<Component> components = new ArrayList<>();
        for (Component c : values()) {
            if (services.contains(c.service)) {
                components.add(c);
            }
        }
        return components;
    }

    @Override
    public String toString() {
        return id;
    }
}
