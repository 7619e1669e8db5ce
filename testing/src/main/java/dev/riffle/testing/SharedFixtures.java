package dev.riffle.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one instance per service per test JVM: started on first use, stopped once at the end (by the
 * JUnit root store through {@link FixturesExtension}, or by a JVM shutdown hook, whichever is first).
 */
final class SharedFixtures {

    private static final Logger LOG = LoggerFactory.getLogger(SharedFixtures.class);

    private static final Map<Class<?>, Slot<?>> SLOTS = new ConcurrentHashMap<>();

    static {
        final Thread hook = new Thread(SharedFixtures::stopAll, "riffle-fixtures-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private SharedFixtures() {
    }

    /** The shared instance of {@code type}, started by {@code starter} on first use. */
    @SuppressWarnings("unchecked")
    static <T extends AutoCloseable> T get(final Class<T> type, final Supplier<T> starter) {
        final Slot<T> slot = (Slot<T>) SLOTS.computeIfAbsent(type, t -> new Slot<>(t.getSimpleName(), starter));
        return slot.get();
    }

    /** Stops every started fixture, in parallel; safe to call more than once. */
    static void stopAll() {
        final List<Slot<?>> slots = new ArrayList<>(SLOTS.values());
        SLOTS.clear();
        final List<Thread> stoppers = new ArrayList<>();
        for (Slot<?> slot : slots) {
            final Thread stopper = new Thread(slot::close, "stop-" + slot.name);
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Holds one fixture, or the failure that prevented it, so later tests fail fast with the same cause. */
    private static final class Slot<T extends AutoCloseable> {
        private final String name;
        private final Supplier<T> starter;
        private T instance;
        private RuntimeException failure;

        Slot(final String name, final Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw new IllegalStateException(name + " failed to start earlier in this test JVM; "
                        + "see the cause below.", failure);
            }
            try {
                instance = starter.get();
                return instance;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        synchronized void close() {
            if (instance == null) {
                return;
            }
            try {
                instance.close();
            } catch (Exception e) {
                LOG.warn("Stopping the shared {} failed.", name, e);
            } finally {
                instance = null;
            }
        }
    }
}
