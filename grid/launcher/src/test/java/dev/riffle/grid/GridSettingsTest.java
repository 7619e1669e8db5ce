package dev.riffle.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GridSettingsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void shouldUseTheDefaultPortsAndHomeWhenNothingIsSet() {
        final GridSettings settings = new GridSettings(REPO, Map.of());

        assertThat(settings.home()).isEqualTo(REPO.resolve(".grid"));
        assertThat(settings.address(Component.KAFKA)).isEqualTo("127.0.0.1:9092");
        assertThat(settings.ports(Component.YARN_RM)).extracting(GridSettings.Port::port)
                .containsExactly(8032, 8030, 8031, 8033, 8088);
        assertThat(settings.ports(Component.YARN_NM)).extracting(GridSettings.Port::port).containsExactly(8041, 8040, 8042);
        assertThat(settings.ports(Component.CASSANDRA)).extracting(GridSettings.Port::port).containsExactly(9042, 7000);
        assertThat(settings.timeoutSeconds()).isEqualTo(120);
    }

    @Test
    void shouldTakeEachPortFromItsVariable() {
        final GridSettings settings = new GridSettings(REPO, Map.of("RIFFLE_REDIS_PORT", "16379",
                "RIFFLE_YARN_WEB_PORT", "18088", "RIFFLE_GRID_HOME", "/tmp/g"));

        assertThat(settings.address(Component.REDIS)).isEqualTo("127.0.0.1:16379");
        assertThat(settings.rmWebPort()).isEqualTo(18088);
        assertThat(settings.yarnPorts().web()).isEqualTo(18088);
        assertThat(settings.home()).isEqualTo(Path.of("/tmp/g"));
    }

    @Test
    void shouldRefuseAPortThatIsNotATcpPortWithExitStatusTwo() {
        for (String bad : List.of("0", "65536", "abc", "-1")) {
            assertThatThrownBy(() -> new GridSettings(REPO, Map.of("RIFFLE_KAFKA_CONTROLLER_PORT", bad)))
                    .isInstanceOf(GridException.class)
                    .hasMessage("RIFFLE_KAFKA_CONTROLLER_PORT='" + bad + "' is not a TCP port (1-65535). Unset it or give a free port.")
                    .satisfies(e -> assertThat(((GridException) e).exitStatus()).isEqualTo(2));
        }
    }

    @Test
    void shouldRefuseATimeoutThatIsNotAPositiveNumberOfSeconds() {
        assertThatThrownBy(() -> new GridSettings(REPO, Map.of("RIFFLE_GRID_TIMEOUT", "0")))
                .isInstanceOf(GridException.class).hasMessageContaining("RIFFLE_GRID_TIMEOUT='0'");
    }

    @Test
    void shouldListTheProcessesOfTheNamedServicesInTheGridsOrder() {
        assertThat(Component.of(List.of("redis", "yarn"))).containsExactly(Component.YARN_RM, Component.YARN_NM, Component.REDIS);
        assertThat(Component.YARN_NM.label()).isEqualTo("yarn (yarn-nm)");
        assertThat(Component.KAFKA.label()).isEqualTo("kafka");
    }
}
