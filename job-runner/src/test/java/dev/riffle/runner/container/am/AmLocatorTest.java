package dev.riffle.runner.container.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.riffle.runner.protocol.ContainerLaunch;

class AmLocatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldReadTheAddressTheCurrentAttemptRegistered() throws Exception {
        assertThat(AmLocator.amAddress(MAPPER.readTree("{\"app\": {\"amRPCAddress\": \"node7:41234\"}}")))
                .contains("http://node7:41234");
    }

    @Test
    void shouldFindNothingBeforeTheAttemptRegisters() throws Exception {
        assertThat(AmLocator.amAddress(MAPPER.readTree("{\"app\": {\"state\": \"ACCEPTED\"}}"))).isEmpty();
        assertThat(AmLocator.amAddress(MAPPER.readTree("{\"app\": {\"amRPCAddress\": \"N/A:-1\"}}"))).isEmpty();
        assertThat(AmLocator.amAddress(MAPPER.readTree("{\"RemoteException\": {\"message\": \"not found\"}}"))).isEmpty();
    }

    @Test
    void shouldNeedBothTheResourceManagersAndTheApplication() {
        final HttpClient client = HttpClient.newHttpClient();
        assertThat(AmLocator.fromEnvironment(Map.of(), client, Duration.ofSeconds(1))).isNull();
        assertThat(AmLocator.fromEnvironment(Map.of(ContainerLaunch.ENV_RM_WEB_URLS, "http://rm:8088"), client,
                Duration.ofSeconds(1))).isNull();
        assertThat(AmLocator.fromEnvironment(Map.of(ContainerLaunch.ENV_RM_WEB_URLS, " , ",
                ContainerLaunch.ENV_APPLICATION_ID, "application_1_0001"), client, Duration.ofSeconds(1))).isNull();
        assertThat(AmLocator.fromEnvironment(Map.of(ContainerLaunch.ENV_RM_WEB_URLS, "http://rm1:8088, http://rm2:8088",
                ContainerLaunch.ENV_APPLICATION_ID, "application_1_0001"), client, Duration.ofSeconds(1)))
                .hasToString("the ResourceManager at [http://rm1:8088/ws/v1/cluster/apps/application_1_0001,"
                        + " http://rm2:8088/ws/v1/cluster/apps/application_1_0001]");
    }
}
