package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturePathsTest {

    @TempDir
    Path repo;

    private Path module;
    private String previousBasedir;

    @BeforeEach
    void pretendToRunInAModuleOfAFakeRepository() throws IOException {
        Files.createDirectories(repo.resolve("grid").resolve("kafka"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        module = Files.createDirectories(repo.resolve("state-backends").resolve("redis"));
        previousBasedir = System.getProperty("basedir");
        System.setProperty("basedir", module.toString());
    }

    @AfterEach
    void restoreBasedir() {
        if (previousBasedir == null) {
            System.clearProperty("basedir");
        } else {
            System.setProperty("basedir", previousBasedir);
        }
    }

    @Test
    void shouldFindTheRepositoryRootAboveANestedModule() {
        assertThat(FixturePaths.repoRoot()).isEqualTo(repo.toAbsolutePath().normalize());
    }

    @Test
    void shouldNameTheMissingServerJarsAndTheCommandThatBuildsThem() {
        assertThatThrownBy(() -> FixturePaths.gridLib("kafka"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(repo.resolve("grid/kafka/target/lib").toString())
                .hasMessageContaining("mvn -pl grid/kafka process-resources");
    }

    @Test
    void shouldAcceptALibDirectoryWithJars() throws IOException {
        final Path lib = Files.createDirectories(repo.resolve("grid/kafka/target/lib"));
        Files.writeString(lib.resolve("kafka_2.13-4.4.0.jar"), "");

        assertThat(FixturePaths.gridLib("kafka")).isEqualTo(lib);
    }

    @Test
    void shouldGiveEachClaimItsOwnDirectoryAndReuseOnesWhoseOwnerIsGone() throws IOException {
        final Path first = FixturePaths.claimDir("kafka");
        final Path second = FixturePaths.claimDir("kafka");
        assertThat(first).isEqualTo(module.resolve("target/fixtures/kafka-1"));
        assertThat(second).isEqualTo(module.resolve("target/fixtures/kafka-2"));

        // An owner PID that cannot be alive: the directory is stale and is wiped for the next claim.
        Files.writeString(first.resolve("owner.pid"), Long.toString(Long.MAX_VALUE));
        Files.writeString(first.resolve("leftover.txt"), "from a dead run");
        final Path third = FixturePaths.claimDir("kafka");

        assertThat(third).isEqualTo(first);
        assertThat(third.resolve("leftover.txt")).doesNotExist();
    }
}
