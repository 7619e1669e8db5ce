package dev.riffle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.riffle.runner.metrics.TaskStats;

/**
 * What a job author compiles against in {@code riffle-test-kit} shows no Kafka and no runtime type: every
 * public or protected constructor, method and field of the package's public classes mentions only
 * {@code dev.riffle.api}, JDK and {@code dev.riffle.testkit} types, so the runtime can change behind it.
 */
class PublicApiTest {

    private static final List<String> FORBIDDEN = List.of("org.apache.kafka.", "dev.riffle.runner.");

    @Test
    void shouldShowNoKafkaOrRuntimeTypeInThePublicApi() throws Exception {
        final List<Class<?>> api = publicClassesOfThisPackage();
        assertThat(api).contains(TaskTestDriver.class, DeadLetter.class, InputPartition.class,
                TaskMetricsSnapshot.class);

        final List<String> leaks = new ArrayList<>();
        for (Class<?> type : api) {
            leaks.addAll(leaks(type));
        }

        assertThat(leaks).as("public members of dev.riffle.testkit that mention Kafka or runtime types").isEmpty();
    }

    /** A class of the shape the check must refuse, so the check above can fail. */
    public static final class Leaky {
        public Map<TopicPartition, Long> offsets() {
            return Map.of();
        }

        public List<? extends TaskStats> stats;
    }

    @Test
    void shouldReportAKafkaTypeInsideAGenericReturnTypeAndARuntimeTypeInAField() {
        assertThat(leaks(Leaky.class)).containsExactlyInAnyOrder(
                "PublicApiTest$Leaky.offsets mentions org.apache.kafka.common.TopicPartition",
                "PublicApiTest$Leaky.stats mentions dev.riffle.runner.metrics.TaskStats");
    }

    private static List<Class<?>> publicClassesOfThisPackage() throws IOException, URISyntaxException,
            ClassNotFoundException {
        final Path classes = Path.of(TaskTestDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Path dir = classes.resolve(TaskTestDriver.class.getPackageName().replace('.', '/'));
        final List<Class<?>> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                final String simple = file.getFileName().toString().replaceFirst("\\.class$", "");
                final Class<?> type = Class.forName(TaskTestDriver.class.getPackageName() + "." + simple);
                if (isVisible(type)) {
                    result.add(type);
                }
            }
        }
        return result;
    }

    private static boolean isVisible(final Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> leaks(final Class<?> type) {
        final List<String> leaks = new ArrayList<>();
        check(name(type), type.getGenericSuperclass(), leaks);
        for (Type t : type.getGenericInterfaces()) {
            check(name(type), t, leaks);
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            checkExecutable(type, c, leaks);
        }
        for (Method m : type.getDeclaredMethods()) {
            checkExecutable(type, m, leaks);
        }
        for (Field f : type.getDeclaredFields()) {
            if (isExposed(f)) {
                check(name(type) + "." + f.getName(), f.getGenericType(), leaks);
            }
        }
        return leaks;
    }

    private static void checkExecutable(final Class<?> owner, final Executable e, final List<String> leaks) {
        if (!isExposed(e) || e.isSynthetic()) {
            return;
        }
        final String where = name(owner) + "." + (e instanceof Constructor ? "<init>" : e.getName());
        final List<Type> types = new ArrayList<>(List.of(e.getGenericParameterTypes()));
        types.addAll(List.of(e.getGenericExceptionTypes()));
        types.addAll(List.of(e.getTypeParameters()));
        if (e instanceof Method m) {
            types.add(m.getGenericReturnType());
        }
        for (Type t : types) {
            check(where, t, leaks);
        }
    }

    private static boolean isExposed(final Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    private static String name(final Class<?> type) {
        return type.getName().substring(type.getPackageName().length() + 1);
    }

    private static void check(final String where, final Type type, final List<String> leaks) {
        final TreeSet<String> mentioned = new TreeSet<>();
        collect(type, mentioned, new ArrayList<>());
        for (String name : mentioned) {
            if (FORBIDDEN.stream().anyMatch(name::startsWith)) {
                leaks.add(where + " mentions " + name);
            }
        }
    }

    /** Every class named in {@code type}: type arguments, wildcard and variable bounds, array components. */
    private static void collect(final Type type, final TreeSet<String> names, final List<Type> seen) {
        if (type == null || seen.contains(type)) {
            return;
        }
        seen.add(type);
        if (type instanceof Class<?> c) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.componentType();
            }
            names.add(element.getName());
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), names, seen);
            collect(p.getOwnerType(), names, seen);
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, names, seen);
            }
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, names, seen));
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), names, seen);
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                collect(bound, names, seen);
            }
        }
    }
}
