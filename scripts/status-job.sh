#!/usr/bin/env bash
# scripts/status-job.sh: show a running job's containers, tasks, offsets, lag, throughput and restarts.
# A thin wrapper: it finds Java and the classpath and execs dev.riffle.yarn.client.StatusJob, where the
# logic lives. Run `scripts/status-job.sh --help`.
set -euo pipefail

RIFFLE_SCRIPT_NAME="status-job.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# riffle_client_classpath: the client's jars, from an unpacked job package (lib/) or a source checkout
# (yarn-am/target); RIFFLE_CLASSPATH (e.g. a local job's classes) goes first.
riffle_client_classpath() {
    local cp=""
    if [[ ! -f "$RIFFLE_REPO/pom.xml" && -d "$RIFFLE_REPO/lib" ]]; then
        cp="$RIFFLE_REPO/lib/*"
    else
        local jar
        jar="$(ls "$RIFFLE_REPO"/yarn-am/target/riffle-yarn-am-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)"
        [[ -n "$jar" && -d "$RIFFLE_REPO/yarn-am/target/lib" ]] \
            || riffle_die "the Riffle client is not built. Build it once: mvn -B -q -pl yarn-am -am package -DskipTests" 1
        cp="$jar:$RIFFLE_REPO/yarn-am/target/lib/*"
    fi
    printf '%s\n' "${RIFFLE_CLASSPATH:+$RIFFLE_CLASSPATH:}$cp"
}

# shellcheck disable=SC2086 # RIFFLE_CLIENT_OPTS is a list of JVM options.
exec "$(riffle_java)" ${RIFFLE_CLIENT_OPTS:--Xmx256m} -Driffle.home="$RIFFLE_REPO" -Dlog4j2.configurationFile=riffle-client-log4j2.xml \
    -cp "$(riffle_client_classpath)" dev.riffle.yarn.client.StatusJob "$@"
