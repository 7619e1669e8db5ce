package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void shouldNeverHandOutTheSamePortTwice() {
        final int first = FreePorts.next();
        final int second = FreePorts.next();

        assertThat(first).isNotEqualTo(second);
        assertThat(first).isBetween(20000, 45000);
    }

    @Test
    void shouldHandOutAPortWhoseCompanionIsFreeToo() throws IOException {
        final int port = FreePorts.nextWithOffset(10000);

        try (ServerSocket main = new ServerSocket(); ServerSocket bus = new ServerSocket()) {
            main.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            bus.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 10000));
            assertThat(FreePorts.isFree(port)).isFalse();
        }
    }
}
