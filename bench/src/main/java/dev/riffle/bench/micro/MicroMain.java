package dev.riffle.bench.micro;

import dev.riffle.state.redis.RedisCommitBench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The component benchmarks of {@code scripts/bench.sh --micro NAME}: each measures one part of Riffle
 * against real services and prints numbers; none asserts anything. The whole-job benchmark is
 * {@link dev.riffle.bench.BenchMain}.
 */
@Command(name = "micro", mixinStandardHelpOptions = true,
        description = "Component benchmarks against real services (scripts/bench.sh --micro NAME).",
        subcommands = {StoreCalls.class, RunLoop.class, RedisCommitBench.class})
public final class MicroMain {

    private MicroMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MicroMain()).execute(args));
    }
}
