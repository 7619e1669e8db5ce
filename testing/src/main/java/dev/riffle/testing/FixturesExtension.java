package dev.riffle.testing;

import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 glue for the shared fixtures: injects {@link KafkaFixture}, {@link YarnFixture},
 * {@link RedisFixture}, {@link RedisClusterFixture} and {@link CassandraFixture} into test
 * constructors, lifecycle methods and test methods, starting each on first use.
 *
 * <pre>{@code
 * @ExtendWith(FixturesExtension.class)
 * class CounterIT {
 *     @Test
 *     void shouldCountVisits(KafkaFixture kafka, RedisFixture redis) { ... }
 * }
 * }</pre>
 *
 * <p>The fixtures are stopped when the test run ends (the JUnit root store closes them, even after
 * failures); a JVM shutdown hook is the fallback.
 */
public final class FixturesExtension implements BeforeAllCallback, ParameterResolver {

    // Initialised on the JUnit thread: SLF4J drops what threads log while it is being initialised.
    private static final Logger LOG = LoggerFactory.getLogger(FixturesExtension.class);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FixturesExtension.class);

    private static final Map<Class<?>, Supplier<?>> FIXTURES = Map.of(
            KafkaFixture.class, KafkaFixture::shared,
            YarnFixture.class, YarnFixture::shared,
            RedisFixture.class, RedisFixture::shared,
            RedisClusterFixture.class, RedisClusterFixture::shared,
            CassandraFixture.class, CassandraFixture::shared);

    @Override
    public void beforeAll(final ExtensionContext context) {
        registerStopAtEnd(context);
        startInParallel(neededBy(context.getRequiredTestClass()));
    }

    /** The fixture types that the constructors and methods of {@code testClass} take as parameters. */
    static Set<Class<?>> neededBy(final Class<?> testClass) {
        final Set<Class<?>> needed = new LinkedHashSet<>();
        final List<Executable> executables = new ArrayList<>(List.of(testClass.getDeclaredConstructors()));
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            executables.addAll(List.of(c.getDeclaredMethods()));
        }
        for (Executable executable : executables) {
            for (Class<?> type : executable.getParameterTypes()) {
                if (FIXTURES.containsKey(type)) {
                    needed.add(type);
                }
            }
        }
        return needed;
    }

    /**
     * Starts several fixtures at once (a Kafka broker, a Cassandra node and a MiniYARNCluster spend
     * much of their start waiting). A failure is not thrown here: it is kept and reported to the
     * test that asks for the fixture.
     */
    static void startInParallel(final Set<Class<?>> types) {
        if (types.size() < 2) {
            return;
        }
        LOG.info("Starting the {} fixtures at once.", types.stream().map(Class::getSimpleName).toList());
        final List<Thread> starters = new ArrayList<>();
        for (Class<?> type : types) {
            final Thread starter = new Thread(() -> {
                try {
                    FIXTURES.get(type).get();
                } catch (RuntimeException e) {
                    // Kept by SharedFixtures and reported to each test that asks for this fixture.
                    LOG.debug("The {} failed to start.", type.getSimpleName(), e);
                }
            }, "start-" + type.getSimpleName());
            starter.start();
            starters.add(starter);
        }
        for (Thread starter : starters) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return FIXTURES.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        registerStopAtEnd(context);
        try {
            return FIXTURES.get(parameter.getParameter().getType()).get();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("Cannot start the " + parameter.getParameter().getType().getSimpleName()
                    + " for " + context.getDisplayName() + ": " + e.getMessage(), e);
        }
    }

    private static void registerStopAtEnd(final ExtensionContext context) {
        // The root store outlives every test class and is closed when the engine finishes.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(StopAtEnd.class, k -> new StopAtEnd(), StopAtEnd.class);
    }

    /** Closed by JUnit (5.13+ closes {@link AutoCloseable} store values) when the whole run ends. */
    private static final class StopAtEnd implements AutoCloseable {
        @Override
        public void close() {
            SharedFixtures.stopAll();
        }
    }
}
