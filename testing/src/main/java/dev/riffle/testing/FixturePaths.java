package dev.riffle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.riffle.grid.service.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where fixtures find the server jars (under the repository root) and where they keep their data
 * and logs ({@code target/fixtures/<service>-<n>/} of the module whose tests are running).
 */
public final class FixturePaths {

    private static final Logger LOG = LoggerFactory.getLogger(FixturePaths.class);

    /** The file in a fixture directory naming the test JVM that owns it. */
    private static final String OWNER_FILE = "owner.pid";

    private FixturePaths() {
    }

    /** The directory of the Maven module whose tests run in this JVM. */
    public static Path moduleDir() {
        // Surefire and failsafe set basedir; an IDE runs with the module as working directory.
        final String basedir = System.getProperty("basedir");
        return Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    /** The repository root: the nearest directory at or above the module that holds {@code grid/}. */
    public static Path repoRoot() {
        for (Path dir = moduleDir(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("grid")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Riffle repository root: no directory at or above "
                + moduleDir() + " holds grid/ and pom.xml. Run the tests from inside the repository.");
    }

    /**
     * The server jars that {@code grid/<service>} copies during {@code process-resources}.
     *
     * @throws IllegalStateException naming the directory and the command that builds it, when empty
     */
    public static Path gridLib(final String service) {
        final Path lib = repoRoot().resolve("grid").resolve(service).resolve("target").resolve("lib");
        final boolean hasJars;
        try (Stream<Path> files = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            hasJars = files.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the " + service + " server jars in " + lib, e);
        }
        if (!hasJars) {
            throw new IllegalStateException("The " + service + " server jars are missing: " + lib
                    + " holds no jar. Build them with `mvn -pl grid/" + service + " process-resources` from "
                    + repoRoot() + " (a reactor build with -am does it for you).");
        }
        return lib;
    }

    /**
     * Claims a fresh directory {@code target/fixtures/<service>-<n>} for this JVM, reusing the lowest
     * {@code n} whose owner JVM is gone (and killing any server that owner left running).
     */
    public static Path claimDir(final String service) {
        final Path root = moduleDir().resolve("target").resolve("fixtures");
        try {
            Files.createDirectories(root);
            for (int n = 1; ; n++) {
                final Path dir = root.resolve(service + "-" + n);
                if (Files.exists(dir)) {
                    if (ownerAlive(dir)) {
                        continue;
                    }
                    ServiceProcess.killLeftovers(dir);
                    deleteRecursively(dir);
                }
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    continue;
                }
                Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
                return dir;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a fixture directory for " + service + " under " + root, e);
        }
    }

    private static boolean ownerAlive(final Path dir) {
        final Path owner = dir.resolve(OWNER_FILE);
        try {
            final long pid = Long.parseLong(Files.readString(owner).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            final List<Path> paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
        LOG.debug("Deleted the stale fixture directory {}.", dir);
    }

    /** The java launcher of the running JDK, used for the forked servers. */
    static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
