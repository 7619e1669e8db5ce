package dev.riffle.grid;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/grid start|stop|status [SERVICE]...}: the single-node development grid. The script only
 * finds Java and this module's classpath; everything else happens here.
 */
@Command(name = "grid", subcommands = {GridMain.Start.class, GridMain.Stop.class, GridMain.Status.class})
public final class GridMain implements Callable<Integer> {

    private static final List<String> DEFAULT_START = List.of("kafka", "yarn", "redis");

    @Option(names = {"-h", "--help"})
    private boolean help;

    /** Runs a command; the exit status is the process's (0 success, 1 failure, 2 bad usage). */
    public static void main(final String[] args) {
        System.exit(run(args));
    }

    static int run(final String[] args) {
        final CommandLine cli = new CommandLine(new GridMain());
        cli.setParameterExceptionHandler((e, arguments) -> {
            final String first = arguments.length == 0 ? "" : arguments[0];
            if (e.getCommandLine() == cli) {
                System.err.printf("grid: unknown command \"%s\".%n%n", first);
            } else {
                System.err.printf("grid %s: %s%n%n", e.getCommandLine().getCommandName(), e.getMessage());
            }
            System.err.print(GridUsage.TEXT);
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof GridException failure) {
                System.err.println("grid: " + failure.getMessage());
                return failure.exitStatus();
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        if (help) {
            System.out.print(GridUsage.TEXT);
            return 0;
        }
        System.err.print(GridUsage.TEXT);
        return 2;
    }

    /** What the three commands share: the service names, --help, the settings and the lock. */
    abstract static class ServiceCommand implements Callable<Integer> {
        @Parameters(arity = "0..*")
        private List<String> named = new ArrayList<>();

        @Option(names = {"-h", "--help"})
        private boolean help;

        abstract String name();

        abstract List<String> defaults();

        abstract int run(GridSettings settings, List<String> services) throws IOException;

        @Override
        public Integer call() throws IOException {
            if (help || named.contains("help")) {
                System.out.print(GridUsage.TEXT);
                return 0;
            }
            final List<String> wanted = new ArrayList<>();
            for (String service : named) {
                if (service.equals("all")) {
                    wanted.addAll(Component.SERVICES);
                } else if (Component.SERVICES.contains(service)) {
                    wanted.add(service);
                } else {
                    System.err.printf("grid %s: unknown service \"%s\" (expected: all kafka yarn redis cassandra).%n%n",
                            name(), service);
                    System.err.print(GridUsage.TEXT);
                    return 2;
                }
            }
            final List<String> services = new ArrayList<>(Component.SERVICES);
            services.retainAll(wanted.isEmpty() ? defaults() : wanted);
            final GridSettings settings = new GridSettings(repo(), System.getenv());
            if (this instanceof Status) {
                return run(settings, services);
            }
            return withLock(settings, this instanceof Start, () -> run(settings, services));
        }

        boolean explicit() {
            return !named.isEmpty();
        }

        String stopHint() {
            return named.isEmpty() ? "" : " " + String.join(" ", named);
        }
    }

    @Command(name = "start")
    static final class Start extends ServiceCommand {
        String name() {
            return "start";
        }

        List<String> defaults() {
            return DEFAULT_START;
        }

        int run(final GridSettings settings, final List<String> services) throws IOException {
            return new GridStart(settings).run(services, stopHint());
        }
    }

    @Command(name = "stop")
    static final class Stop extends ServiceCommand {
        String name() {
            return "stop";
        }

        List<String> defaults() {
            return Component.SERVICES;
        }

        int run(final GridSettings settings, final List<String> services) {
            return new GridStop(settings).run(services);
        }
    }

    @Command(name = "status")
    static final class Status extends ServiceCommand {
        String name() {
            return "status";
        }

        List<String> defaults() {
            return Component.SERVICES;
        }

        int run(final GridSettings settings, final List<String> services) {
            return new GridStatus(settings).run(services, explicit());
        }
    }

    /** The repository: {@code -Driffle.home}, set by scripts/grid. */
    static Path repo() {
        return Paths.get(System.getProperty("riffle.home", ".")).toAbsolutePath().normalize();
    }

    interface GridAction {
        int run() throws IOException;
    }

    /**
     * One start or stop at a time per grid home (status needs no lock). Only start creates the grid home:
     * a stop on a grid home that was never used takes no lock.
     */
    static int withLock(final GridSettings settings, final boolean create, final GridAction action) throws IOException {
        final Path runDir = settings.runDir();
        if (!create && !Files.isDirectory(runDir)) {
            return action.run();
        }
        Files.createDirectories(runDir);
        try (FileChannel channel = FileChannel.open(runDir.resolve("grid.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                final PrintStream out = System.out;
                out.println("Another scripts/grid command is running on " + settings.home() + "; waiting for it to finish...");
                lock = channel.lock();
            }
            try {
                return action.run();
            } finally {
                lock.release();
            }
        }
    }
}
