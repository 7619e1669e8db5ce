package dev.riffle.yarn;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the job package of the integration tests, {@code target/riffle-test-dist.tar}, the way the
 * {@code riffle-job} assembly lays one out: {@code lib/} holds the test classpath's jars (minus the
 * YARN/HDFS server and test-framework jars a job never ships) and a jar of this module's classes and
 * test classes (the pass-through task). Built once per JVM.
 */
final class TestPackage {

    private static final List<String> NOT_SHIPPED = List.of("hadoop-yarn-server-", "hadoop-minicluster", "hadoop-hdfs-3",
            "hadoop-mapreduce-", "junit-", "junit4", "mockito-", "assertj-", "awaitility-", "opentest4j-", "riffle-testing",
            "apiguardian", "hamcrest", "bcprov", "bcpkix", "bcutil", "kafka-clients-4.3.1-test");

    private static Path built;

    private TestPackage() {
    }

    static synchronized Path get() {
        if (built == null) {
            built = build(Path.of("target").toAbsolutePath());
        }
        return built;
    }

    private static Path build(final Path target) {
        final Path stage = target.resolve("test-package");
        final Path lib = stage.resolve("lib");
        final Path tarball = target.resolve("riffle-test-dist.tar");
        try {
            deleteTree(stage);
            Files.createDirectories(lib);
            for (String entry : classpath()) {
                final Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    jarDirectory(p, lib.resolve("riffle-" + p.getParent().getParent().getFileName() + "-"
                            + p.getFileName() + ".jar"));
                } else if (p.toString().endsWith(".jar") && NOT_SHIPPED.stream().noneMatch(p.getFileName().toString()::startsWith)) {
                    Files.createSymbolicLink(lib.resolve(p.getFileName()), p);
                }
            }
            final Process tar = new ProcessBuilder("tar", "-chf", tarball.toString(), "-C", stage.toString(), "lib")
                    .inheritIO().start();
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("tar failed with exit status " + tar.exitValue() + " building " + tarball);
            }
            return tarball;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the test job package in " + stage + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the test job package", e);
        }
    }

    private static List<String> classpath() {
        final String surefire = System.getProperty("surefire.test.class.path");
        final String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).collect(Collectors.toList());
    }

    private static void jarDirectory(final Path dir, final Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                final String name = dir.relativize(p).toString().replace(File.separatorChar, '/');
                if (name.equals("yarn-site.xml")) {
                    continue; // The cluster's own configuration comes from the node, not the package.
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
    }
}
