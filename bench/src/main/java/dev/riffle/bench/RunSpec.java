package dev.riffle.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one measured run needs, passed from the bench main to a run process as
 * {@code key=value} arguments.
 *
 * @param mode what runs (see {@link Mode})
 * @param bootstrap Kafka bootstrap servers
 * @param topic the preloaded visits topic
 * @param events how many events the topic holds; the run ends when all are counted
 * @param runId unique per run: names the job instance (so state starts empty) and its own topics
 * @param redisUri the Redis store's URI
 * @param cassandra the Cassandra contact point, host:port
 * @param batchSize Riffle's {@code task.batch.size}
 * @param timeoutSeconds how long a run may take before it fails
 * @param rate 0 to measure throughput on the preloaded topic; else the events/s a paced producer offers
 *     to the empty {@code topic} while the job runs, and the run measures latency ({@link LatencyProbe})
 * @param warmupSeconds in a latency run, the first seconds of events that are not recorded
 * @param riffleConfig extra Riffle config entries (e.g. {@code task.commit.ms}) over the bench's own, for every
 *     Riffle mode
 */
record RunSpec(Mode mode, String bootstrap, String topic, long events, String runId, String redisUri,
               String cassandra, int batchSize, long timeoutSeconds, double rate, double warmupSeconds,
               Map<String, String> riffleConfig) {

    boolean isLatencyRun() {
        return rate > 0;
    }

    List<String> toArgs() {
        final List<String> args = new ArrayList<>();
        args.add("mode=" + mode.label());
        args.add("bootstrap=" + bootstrap);
        args.add("topic=" + topic);
        args.add("events=" + events);
        args.add("runId=" + runId);
        args.add("redisUri=" + redisUri);
        args.add("cassandra=" + cassandra);
        args.add("batchSize=" + batchSize);
        args.add("timeoutSeconds=" + timeoutSeconds);
        args.add("rate=" + rate);
        args.add("warmupSeconds=" + warmupSeconds);
        riffleConfig.forEach((k, v) -> args.add("riffle." + k + "=" + v));
        return args;
    }

    static RunSpec fromArgs(final String[] args) {
        final Map<String, String> values = new HashMap<>();
        final Map<String, String> riffleConfig = new TreeMap<>();
        for (String arg : args) {
            final int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("run argument '" + arg + "' is not key=value");
            }
            final String key = arg.substring(0, eq);
            if (key.startsWith("riffle.")) {
                riffleConfig.put(key.substring("riffle.".length()), arg.substring(eq + 1));
            } else {
                values.put(key, arg.substring(eq + 1));
            }
        }
        return new RunSpec(Mode.fromLabel(required(values, "mode")), required(values, "bootstrap"),
                required(values, "topic"), Long.parseLong(required(values, "events")), required(values, "runId"),
                required(values, "redisUri"), required(values, "cassandra"),
                Integer.parseInt(required(values, "batchSize")), Long.parseLong(required(values, "timeoutSeconds")),
                Double.parseDouble(values.getOrDefault("rate", "0")),
                Double.parseDouble(values.getOrDefault("warmupSeconds", "0")), riffleConfig);
    }

    private static String required(final Map<String, String> values, final String key) {
        final String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("run argument " + key + "=... is missing");
        }
        return value;
    }
}
