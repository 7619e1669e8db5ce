#!/usr/bin/env bash
# scripts/quickstart.sh: the visitor counter end to end on a local grid, in one command.
#   build -> start Kafka, YARN and Redis -> create the topics -> submit the job to YARN ->
#   produce visits that cross a demo threshold -> print the live count and the alert.
set -euo pipefail

RIFFLE_SCRIPT_NAME="quickstart.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/visitor-counter.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/visitor-counter.sh"

usage() {
    cat <<USAGE
Usage: scripts/quickstart.sh [--threshold N] [--visits N] [--no-build] [--help]

Runs Riffle's flagship job end to end on this machine:
  1. builds the project (skipped with --no-build when it is built already),
  2. starts a local grid: Kafka, a YARN ResourceManager and NodeManager, Redis (scripts/grid),
  3. creates the visitor counter's topics,
  4. submits the visitor counter to YARN with a small demo threshold,
  5. sends synthetic visits whose distinct-visitor count crosses the threshold,
  6. prints the live count as it climbs and the alert when it arrives.

Options:
  --threshold N  demo alert threshold (default 1000 visitors)
  --visits N     number of visit events to send (default 20000)
  --no-build     do not run Maven
  --help         this text

Each run submits a new instance of the job (job.id quickstart-<time>), so runs do not mix.
The grid's ports follow scripts/grid's variables (RIFFLE_KAFKA_PORT, RIFFLE_REDIS_PORT, RIFFLE_YARN_*;
see scripts/grid --help); the job and the tools are pointed at the same Kafka and Redis.
Stop everything afterwards with: scripts/kill-job.sh APP_ID; scripts/grid stop
Exit status: 0 the alert arrived, 1 something failed, 2 bad usage.
USAGE
}

threshold=1000
visits=20000
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threshold) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }; threshold="$2"; shift 2 ;;
        --visits) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }; visits="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) printf 'quickstart.sh: unknown argument %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
    esac
done

started=$(riffle_now_ms)
step() { printf '\n==> [%3ss] %s\n' "$(( ($(riffle_now_ms) - started) / 1000 ))" "$1"; }

cd "$RIFFLE_REPO"
# The build log and the outputs the steps below keep for you go here.
mkdir -p "$RIFFLE_REPO/target"
if [[ $build -eq 1 ]]; then
    riffle_require_mvn
    step "Building Riffle and the visitor counter (the first build downloads the dependencies: a few minutes)"
    log="$RIFFLE_REPO/target/quickstart-build.log"
    mvn -B -T 2 -Dmaven.test.skip=true -pl examples/visitor-counter,grid/kafka,grid/yarn,grid/launcher -am package >"$log" 2>&1 &
    mvn_pid=$!
    while kill -0 "$mvn_pid" 2>/dev/null; do
        module=$(grep -o 'Building Riffle[^[]*' "$log" | tail -n 1 || true)
        printf '\r    %-60s %4ss' "${module:-resolving dependencies}" "$(( ($(riffle_now_ms) - started) / 1000 ))"
        sleep 2
    done
    if ! wait "$mvn_pid"; then
        printf '\n'
        tail -n 30 "$log" >&2
        riffle_die "the build failed; the whole log is in $log" 1
    fi
    printf '\r    %-60s %4ss\n' "built" "$(( ($(riffle_now_ms) - started) / 1000 ))"
fi

step "Starting the local grid: Kafka, YARN, Redis"
scripts/grid start kafka yarn redis

cp="$(riffle_visitor_counter_classpath)"
example() {
    "$(riffle_java)" -Xmx256m -Dlog4j2.configurationFile=riffle-client-log4j2.xml -cp "$cp" "$@"
}
# The grid's addresses: its defaults unless its port variables move it (as QuickstartIT does).
kafka="127.0.0.1:${RIFFLE_KAFKA_PORT:-9092}"
redis_port="${RIFFLE_REDIS_PORT:-6379}"

step "Creating the topics"
example dev.riffle.examples.visitors.VisitorTopics --bootstrap-servers "$kafka" --partitions 4

job_id="quickstart-$(date +%s)"
step "Submitting the visitor counter to YARN (job.id=$job_id, threshold $threshold visitors)"
submit_log="$RIFFLE_REPO/target/quickstart-submit.log"
RIFFLE_CLASSPATH="$cp" scripts/run-job.sh --config-path config/visitor-counter.properties \
    --config "job.id=$job_id" --config "visitors.threshold=$threshold" \
    --config "systems.kafka.bootstrap.servers=$kafka" --config "stores.visitors.redis.uri=redis://127.0.0.1:$redis_port" \
    --package examples/visitor-counter/target/visitor-counter-dist.tar.gz --wait | tee "$submit_log"
app_id=$(grep -o 'application_[0-9]*_[0-9]*' "$submit_log" | head -n 1 || true)
tracking=$(grep -o 'http://[^ ]*' "$submit_log" | head -n 1 || true)

# The watcher starts first, so it sees the count from its first value.
step "Sending $visits visits: 700 regular visitors, then a burst of new ones that crosses $threshold"
watch_log="$RIFFLE_REPO/target/quickstart-watch.log"
example dev.riffle.examples.visitors.WatchVisitors --bootstrap-servers "$kafka" --job-instance "visitor-counter-$job_id" --until-alerts 1 --timeout 180 \
    | tee "$watch_log" &
watch_pid=$!
burst_at=$(( visits / 2 ))
example dev.riffle.examples.visitors.ProduceVisits --bootstrap-servers "$kafka" --count "$visits" --visitors 700 --rate 2000 --step-ms 50 \
    --seed 42 --burst "$burst_at:$(( threshold ))"

step "Waiting for the alert"
if ! wait "$watch_pid"; then
    riffle_die "no alert arrived. Look at the job: scripts/status-job.sh ${app_id:-APP_ID}; container logs: scripts/grid status" 1
fi

step "Done in $(( ($(riffle_now_ms) - started) / 1000 )) s"
cat <<DONE
The visitor counter is still running on YARN as ${app_id:-?}.
  Status page:   ${tracking:-see scripts/status-job.sh}
  Status here:   scripts/status-job.sh ${app_id:-APP_ID}
  Live count:    redis-cli -p $redis_port GET 'riffle:{visitor-counter:$job_id:Partition 0}:visitors:d:count'
  More visits:   scripts/produce-visits.sh --bootstrap-servers $kafka --count 10000 --rate 1000
  Stop the job:  scripts/kill-job.sh ${app_id:-APP_ID}
  Stop the grid: scripts/grid stop
DONE
