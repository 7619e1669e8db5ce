package dev.riffle.yarn.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the locally built job package when {@code yarn.package.path} is unset: {@code --package} (or
 * {@code RIFFLE_PACKAGE}), else a {@code *-dist.tar.gz} in a {@code target/} directory of the
 * repository, or next to an unpacked package. When several are found, the one whose name contains
 * the job name wins.
 */
final class PackageLocator {

    private PackageLocator() {
    }

    static Path locate(final Path explicit, final Path home, final String jobName) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new UsageException("The job package " + explicit + " does not exist; build it (mvn package) or "
                        + "point --package at the .tar.gz.");
            }
            return explicit;
        }
        final String env = System.getenv("RIFFLE_PACKAGE");
        if (env != null && !env.isBlank()) {
            return locate(Path.of(env), home, jobName);
        }
        final List<Path> candidates = candidates(home);
        final List<Path> named = candidates.stream().filter(p -> p.getFileName().toString().contains(jobName))
                .collect(Collectors.toList());
        if (named.size() == 1 || candidates.size() == 1) {
            return named.size() == 1 ? named.get(0) : candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new UsageException("No job package found: yarn.package.path is unset and there is no *-dist.tar.gz "
                    + "under " + home + "/*/target or " + home + "/*/*/target. Build your job (mvn package), "
                    + "or pass --package FILE, or set yarn.package.path.");
        }
        throw new UsageException("Several job packages found and none is named after job " + jobName + ": "
                + candidates + ". Pass --package FILE or set yarn.package.path.");
    }

    private static List<Path> candidates(final Path home) {
        // An unpacked package (no pom.xml) sits next to the tarball it came from.
        final Path root = Files.isRegularFile(home.resolve("pom.xml")) || home.getParent() == null ? home : home.getParent();
        try (Stream<Path> walk = Files.walk(root, 4)) {
            return walk.filter(p -> p.getFileName().toString().endsWith("-dist.tar.gz"))
                    .filter(p -> p.getParent().getFileName().toString().equals("target") || p.getParent().equals(root))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(Path::toString))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search " + home + " for a job package: " + e.getMessage(), e);
        }
    }
}
