package dev.riffle.bench;

/**
 * One measured run in a process of its own (started by {@link BenchMain}), so every run starts with a
 * fresh JVM and its peak RSS is its own: {@code RunMain mode=... bootstrap=... topic=... events=...}.
 * Prints one {@link RunResult} line; exits 0 on success, 1 on failure.
 */
public final class RunMain {

    private RunMain() {
    }

    public static void main(final String[] args) {
        try {
            final RunSpec spec = RunSpec.fromArgs(args);
            final RunResult result = switch (spec.mode()) {
                case CEILING -> CeilingRun.run(spec);
                case MEMORY, REDIS, CASSANDRA -> RiffleRun.run(spec);
                case YARN -> YarnRun.run(spec);
                case STREAMS1, STREAMS2 -> StreamsRun.run(spec);
            };
            System.out.println(result.toLine());
            System.out.flush();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("The run failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
