#!/usr/bin/env bash
# scripts/bench.sh: the benchmark of issue 7 in one command. Builds the bench module if needed,
# starts the grid services it needs, preloads visits and measures the ceiling, Riffle local mode with
# each store and Kafka Streams on the same data, then prints the table. Run it with --help.
set -euo pipefail

RIFFLE_SCRIPT_NAME="bench.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/bench.sh [--quick] [--modes LIST] [--cassandra] [--yarn] [--events N] [--repetitions N]
                        [--sweep] [--rebuild] [-- BENCH_OPTIONS...]
       scripts/bench.sh --micro store-calls|run-loop|redis-commit [--cassandra] [--rebuild] [-- OPTIONS...]

Preloads visit events (default 5,000,000; --quick 500,000) into a fresh 4-partition topic of the
local grid's Kafka, then measures on the same data, each mode in its own JVM, repeated and in
alternating order: the ceiling (a bare KafkaConsumer), the visitor counter in Riffle's local mode
with the memory, Redis and Cassandra stores, on YARN with 2 containers (--yarn), and the same count
in Kafka Streams 4.4 with 1 and 2 stream threads. Then each mode but the ceiling runs again (3 times
unless "-- --latency-repetitions N") on an empty topic fed at half its median rate, for p50/p99
event-to-output latency, over the run and over its second half. Prints median events/s, the spread,
ratios to the ceiling and to Kafka Streams, latencies and peak RSS. Results are also saved to
bench/target/bench-<time>.txt.

Options:
  --quick            500,000 events instead of 5,000,000.
  --modes LIST       Comma-separated subset of ceiling,memory,redis,cassandra,yarn,streams1,streams2
                     (default: all; cassandra runs only when Cassandra answers or with --cassandra,
                     yarn only with --yarn).
  --cassandra        Start the grid's Cassandra too and run the cassandra mode.
  --yarn             Start the grid's YARN too and run the yarn mode (the visitor counter's job
                     package, built with the bench, submitted with 2 containers and the Redis store).
  --events N         Number of events to preload (overrides --quick).
  --repetitions N    Runs per mode (default 3).
  --sweep            Instead of the modes: the redis mode once per task.batch.size 1,10,100,500,2000
                     (default 100,000 events, 1 repetition), each followed by a latency run at half
                     its rate, plotted to docs/bench-batch-size.png with gnuplot (installed with
                     apt-get when missing).
  --micro NAME       Instead of the modes: one component benchmark (docs/benchmarks.md), printing numbers:
                       store-calls   bulk against single-key store calls through the assembled stores,
                                     on memory and the grid's Redis (and Cassandra with --cassandra);
                       run-loop      Riffle's run loop with a no-op task against a bare consumer;
                       redis-commit  RedisBackend's commit script against alternatives, on a
                                     redis-server of its own that the script starts on a free port.
                     "-- --help" after it lists the benchmark's own options.
  --rebuild          Build the bench module even if it looks up to date.
  -- OPTIONS         Passed to the bench main as they are (e.g. -- --jfr redis --batch-size 100,
                     or -- --latency-rates 20000,40000,80000 for the latency at fixed offered rates
                     and each mode's highest rate with a p99 within 100 ms); "-- --help" lists them.
  -h, --help         This help.

Grid services (scripts/grid) that were not running before are started, and stopped at the end.
Exit status: 0 done, 1 a failure, 2 bad usage.
USAGE
}

quick=0
cassandra=0
yarn=0
rebuild=0
sweep=0
modes=""
micro=""
events=""
repetitions=""
passthrough=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=1; shift ;;
        --cassandra) cassandra=1; shift ;;
        --yarn) yarn=1; shift ;;
        --rebuild) rebuild=1; shift ;;
        --sweep) sweep=1; shift ;;
        --micro) [[ $# -ge 2 && "$2" =~ ^(store-calls|run-loop|redis-commit)$ ]] \
                     || riffle_die "--micro needs store-calls, run-loop or redis-commit; see --help" 2
                 micro="$2"; shift 2 ;;
        --modes) [[ $# -ge 2 ]] || riffle_die "--modes needs a comma-separated list; see --help" 2
                 modes="$2"; shift 2 ;;
        --modes=*) modes="${1#--modes=}"; shift ;;
        --events) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || riffle_die "--events needs a number; see --help" 2
                  events="$2"; shift 2 ;;
        --repetitions) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || riffle_die "--repetitions needs a number; see --help" 2
                       repetitions="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; passthrough=("$@"); break ;;
        *) riffle_die "unknown option '$1'; see --help" 2 ;;
    esac
done

bench_dir="$RIFFLE_REPO/bench"
lib_dir="$bench_dir/target/lib"

# Builds the module and copies its jars into bench/target/lib, so a rebuild of another module by
# someone else during a long run cannot pull a jar from under the running bench.
build() {
    riffle_require_mvn
    riffle_info "Building the bench module and what it needs (mvn -pl bench -am package, tests skipped)..."
    (cd "$RIFFLE_REPO" && mvn -B -q -pl bench -am -Dmaven.test.skip=true package dependency:build-classpath \
        -Dmdep.outputFile=target/bench.classpath) || riffle_die "the build failed; see the Maven output above" 1
    rm -rf "$lib_dir"
    mkdir -p "$lib_dir"
    local jar
    # The file has no final newline: read the last entry too.
    tr ':' '\n' < "$bench_dir/target/bench.classpath" | while read -r jar || [[ -n "$jar" ]]; do
        if [[ -n "$jar" ]]; then
            cp "$jar" "$lib_dir/"
        fi
    done
    cp "$bench_dir"/target/riffle-bench-*.jar "$lib_dir/"
    # The yarn mode's job package, kept with the jars for the same reason.
    cp "$RIFFLE_REPO"/examples/visitor-counter/target/visitor-counter-dist.tar.gz "$lib_dir/" 2>/dev/null \
        || riffle_warn "no examples/visitor-counter/target/visitor-counter-dist.tar.gz: the yarn mode cannot run"
    touch "$lib_dir/.built"
}

needs_build() {
    [[ "$rebuild" == 1 || ! -f "$lib_dir/.built" ]] && return 0
    # Any source of the repository newer than the last build: build again.
    [[ -n "$(find "$RIFFLE_REPO" -path "$RIFFLE_REPO/.grid" -prune -o \( -name '*.java' -o -name pom.xml \) \
        -path '*/src/main/*' -newer "$lib_dir/.built" -print -quit 2>/dev/null)" ]] \
        || [[ "$bench_dir/pom.xml" -nt "$lib_dir/.built" ]]
}

# plot_sweep DATA PNG: draws events/s (min-max as error bars) and p99 latency against task.batch.size.
plot_sweep() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        riffle_info "Installing gnuplot (apt-get install -y gnuplot-nox) for the plot..."
        { apt-get install -y gnuplot-nox >/dev/null 2>&1 \
            || { apt-get update >/dev/null 2>&1 && apt-get install -y gnuplot-nox >/dev/null 2>&1; }; } \
            || riffle_die "could not install gnuplot; the data is in $1" 1
    fi
    gnuplot <<GNUPLOT || riffle_die "gnuplot failed; the data is in $1" 1
set terminal pngcairo size 800,500
set output '$2'
set title 'Riffle visitor counter, Redis store: throughput and p99 latency against task.batch.size'
set xlabel 'task.batch.size (log scale)'
set ylabel 'events/s (median; bars: min-max)'
set y2label 'p99 event-to-output latency (ms, log scale)'
set logscale x
set logscale y2
set ytics nomirror
set y2tics
set grid
set key top left
set xrange [0.5:4000]
set yrange [0:*]
plot '$1' using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'events/s', \\
     '$1' using 1:(\$5 > 0 ? \$5 : 1/0) axes x1y2 with linespoints lw 2 pt 5 dt 2 title 'p99 ms'
GNUPLOT
    riffle_info "Plot written to $2"
}

if needs_build; then
    build
fi

# run_micro: one component benchmark, with the grid services (or the redis-server) it needs.
run_micro() {
    local args=() services=() server_dir port=""
    case "$micro" in
        store-calls)
            services=(redis)
            args=(--backends memory,redis)
            if [[ "$cassandra" == 1 ]]; then
                services+=(cassandra)
                args=(--backends memory,redis,cassandra)
            fi ;;
        run-loop) services=(kafka) ;;
        redis-commit)
            # It reads the server-wide command statistics, so it gets a redis-server nobody else uses.
            command -v redis-server >/dev/null 2>&1 || riffle_die "redis-server is not installed (apt-get install -y redis-server)" 1
            port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
            server_dir="$bench_dir/target/redis-commit"
            mkdir -p "$server_dir"
            redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$server_dir" \
                --logfile "$server_dir/redis.log" --pidfile "$server_dir/redis.pid" --daemonize yes >/dev/null \
                || riffle_die "could not start redis-server on port $port; see $server_dir/redis.log" 1
            # shellcheck disable=SC2064  # the port is fixed now
            trap "redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true" EXIT
            args=(--redis-uri "redis://127.0.0.1:$port") ;;
    esac
    local started=() service
    for service in "${services[@]}"; do
        "$RIFFLE_REPO/scripts/grid" status "$service" >/dev/null 2>&1 || started+=("$service")
    done
    if [[ ${#started[@]} -gt 0 ]]; then
        # shellcheck disable=SC2064  # stop exactly what this run started
        trap "'$RIFFLE_REPO/scripts/grid' stop ${started[*]} || true" EXIT
        "$RIFFLE_REPO/scripts/grid" start "${started[@]}" || riffle_die "could not start ${started[*]}; see scripts/grid status" 1
    fi
    if [[ ${#passthrough[@]} -gt 0 ]]; then
        args+=("${passthrough[@]}")
    fi
    local out
    out="$bench_dir/target/micro-$micro-$(date +%Y%m%d-%H%M%S).txt"
    local status=0
    "$(riffle_java)" -Xmx1g -Dlog4j2.level=WARN -cp "$lib_dir/*" dev.riffle.bench.micro.MicroMain "$micro" "${args[@]}" 2>&1 \
        | tee "$out" || status=$?
    riffle_info "Saved to $out"
    exit "$status"
}
if [[ -n "$micro" ]]; then
    run_micro
fi

services=(kafka)
if [[ -z "$modes" || "$modes" == *redis* ]]; then
    services+=(redis)
fi
if [[ "$cassandra" == 1 ]]; then
    services+=(cassandra)
fi
if [[ "$yarn" == 1 ]]; then
    [[ " ${services[*]} " == *" redis "* ]] || services+=(redis)
    services+=(yarn)
fi
started=()
for service in "${services[@]}"; do
    if ! "$RIFFLE_REPO/scripts/grid" status "$service" >/dev/null 2>&1; then
        started+=("$service")
    fi
done
# shellcheck disable=SC2317  # called by the EXIT trap
stop_started() {
    if [[ ${#started[@]} -gt 0 ]]; then
        riffle_info "Stopping the grid services this run started: ${started[*]}"
        "$RIFFLE_REPO/scripts/grid" stop "${started[@]}" || riffle_warn "scripts/grid stop ${started[*]} failed"
    fi
}
trap stop_started EXIT
if [[ ${#started[@]} -gt 0 ]]; then
    "$RIFFLE_REPO/scripts/grid" start "${started[@]}" || riffle_die "could not start ${started[*]}; see scripts/grid status" 1
fi

args=()
if [[ "$sweep" == 1 ]]; then
    modes="redis"
    events="${events:-100000}"
    repetitions="${repetitions:-1}"
    args+=(--sweep-batch-sizes "1,10,100,500,2000")
fi
[[ "$quick" == 1 ]] && args+=(--quick)
[[ -n "$events" ]] && args+=(--events "$events")
[[ -n "$repetitions" ]] && args+=(--repetitions "$repetitions")
[[ -n "$modes" ]] && args+=(--modes "$modes")
[[ "$cassandra" == 1 ]] && args+=(--cassandra)
[[ "$yarn" == 1 ]] && args+=(--yarn-package "$lib_dir/visitor-counter-dist.tar.gz" --riffle-home "$RIFFLE_REPO")
args+=(--work-dir "$bench_dir/target/bench-runs")
if [[ ${#passthrough[@]} -gt 0 ]]; then
    args+=("${passthrough[@]}")
fi

out="$bench_dir/target/bench-$(date +%Y%m%d-%H%M%S).txt"
riffle_info "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $("$(riffle_java)" -version 2>&1 | head -1)"
status=0
"$(riffle_java)" -Xmx512m -Dlog4j2.level=WARN -cp "$lib_dir/*" dev.riffle.bench.BenchMain "${args[@]}" 2>&1 \
    | tee "$out" || status=$?
riffle_info "Saved to $out"
if [[ "$sweep" == 1 && "$status" == 0 ]]; then
    plot_sweep "$bench_dir/target/bench-runs/batch-sweep.dat" "$RIFFLE_REPO/docs/bench-batch-size.png"
fi
exit "$status"
