package dev.riffle.grid;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds, before anything starts, the ports another process already holds, and names that process. */
final class PortCheck {

    private static final Pattern SS_USER = Pattern.compile("users:\\(\\(\"([^\"]*)\",pid=([0-9]+)");

    private final GridSettings settings;
    private final GridProcesses processes;

    PortCheck(final GridSettings settings, final GridProcesses processes) {
        this.settings = settings;
        this.processes = processes;
    }

    /** One message per taken port; empty when every port of {@code components} is free. */
    List<String> problems(final List<Component> components) {
        final List<String> problems = new ArrayList<>();
        for (Component c : components) {
            for (GridSettings.Port port : settings.ports(c)) {
                if (!inUse(port.port())) {
                    continue;
                }
                final var strays = processes.strays(c);
                if (!strays.isEmpty()) {
                    problems.add(c.label() + " needs port " + port.port() + " on " + GridSettings.HOST + ", but this grid's own "
                            + c.id() + " (PID " + strays.get(0).pid() + ") holds it and its PID file is missing. Run: "
                            + "scripts/grid stop " + c.service());
                } else {
                    problems.add(c.label() + " needs port " + port.port() + " on " + GridSettings.HOST
                            + ", but it is already in use by " + user(port.port()) + ". Stop that process or choose "
                            + "another port with " + port.variable() + "=<port>.");
                }
            }
        }
        return problems;
    }

    /** Whether something listens on the port (binding fails; TIME_WAIT leftovers do not count). */
    static boolean inUse(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(GridSettings.HOST, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** "PID 123 (java)" from {@code ss}, or "an unknown process". */
    private static String user(final int port) {
        try {
            final Process ss = new ProcessBuilder("ss", "-Hltnp", "( sport = :" + port + " )")
                    .redirectErrorStream(true).start();
            final String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor(5, TimeUnit.SECONDS);
            final Matcher m = SS_USER.matcher(out);
            if (m.find()) {
                return "PID " + m.group(2) + " (" + m.group(1) + ")";
            }
        } catch (IOException e) {
            return "an unknown process";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "an unknown process";
    }
}
