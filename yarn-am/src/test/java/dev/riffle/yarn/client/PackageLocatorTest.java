package dev.riffle.yarn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageLocatorTest {

    @TempDir
    Path repo;

    private Path touch(final String relative) throws IOException {
        final Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }

    @Test
    void shouldPreferTheTarballNamedAfterTheJob() throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        touch("job-package/target/riffle-job-package-dist.tar.gz");
        final Path counter = touch("examples/visitor-counter/target/visitor-counter-dist.tar.gz");

        assertThat(PackageLocator.locate(null, repo, "visitor-counter")).isEqualTo(counter);
    }

    @Test
    void shouldTakeTheOnlyTarballWhateverItsName() throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        final Path only = touch("my-job/target/my-job-dist.tar.gz");

        assertThat(PackageLocator.locate(null, repo, "other")).isEqualTo(only);
    }

    @Test
    void shouldFindTheTarballNextToAnUnpackedPackage() throws IOException {
        final Path tarball = touch("my-job-dist.tar.gz");
        final Path unpacked = Files.createDirectories(repo.resolve("my-job"));

        assertThat(PackageLocator.locate(null, unpacked, "my-job")).isEqualTo(tarball);
    }

    @Test
    void shouldAskForAPackageWhenThereIsNone() throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");

        assertThatThrownBy(() -> PackageLocator.locate(null, repo, "job"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--package FILE").hasMessageContaining("yarn.package.path");
    }

    @Test
    void shouldRejectAMissingExplicitPackage() {
        assertThatThrownBy(() -> PackageLocator.locate(repo.resolve("nope.tar.gz"), repo, "job"))
                .isInstanceOf(UsageException.class).hasMessageContaining("nope.tar.gz");
    }
}
