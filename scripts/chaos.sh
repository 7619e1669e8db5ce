#!/usr/bin/env bash
# scripts/chaos.sh: the visitor counter on a grid's YARN under seeded faults (container SIGKILL and
# SIGSTOP, AM kill, Redis restart and freeze, Kafka away, Cassandra restart), checked against a truth the
# harness computes itself. A thin wrapper: it finds Java and the harness's classpath (chaos/target, built
# here when missing) and execs dev.riffle.chaos.ChaosMain, where the logic lives. Run it with --help.
set -euo pipefail

RIFFLE_SCRIPT_NAME="chaos.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

chaos_target="$RIFFLE_REPO/chaos/target"
harness_jar() {
    ls "$chaos_target"/riffle-chaos-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true
}

# The harness, the job package, the client (run-job.sh) and the grid's server jars, in one reactor build.
if [[ -z "$(harness_jar)" || ! -d "$chaos_target/lib" \
      || ! -f "$RIFFLE_REPO/examples/visitor-counter/target/visitor-counter-dist.tar.gz" ]]; then
    riffle_require_mvn
    riffle_info "Building the chaos harness, the visitor counter and the grid (mvn -pl chaos -am package, tests skipped; first run only)..."
    (cd "$RIFFLE_REPO" && mvn -B -q -pl chaos -am package -Dmaven.test.skip=true) \
        || riffle_die "the build failed; see the Maven output above" 1
fi

exec "$(riffle_java)" -Xmx384m -XX:+UseSerialGC -Driffle.home="$RIFFLE_REPO" \
    -Dlog4j2.configurationFile=chaos-log4j2.xml -cp "$(harness_jar):$chaos_target/lib/*" \
    dev.riffle.chaos.ChaosMain "$@"
