# shellcheck shell=bash
# Shared helpers for Riffle's bash scripts. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Provides: RIFFLE_REPO (the repository root), riffle_die, riffle_warn, riffle_info,
# riffle_java, riffle_java_home, riffle_require_mvn, riffle_grid_home, riffle_hadoop_conf_dir,
# riffle_now_ms, riffle_seconds_since, riffle_client_classpath and riffle_exec_client.

if [[ -n "${RIFFLE_COMMON_SH_LOADED:-}" ]]; then
    return 0
fi
RIFFLE_COMMON_SH_LOADED=1

# The repository root: scripts/lib/ is two levels below it.
RIFFLE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
export RIFFLE_REPO

# The calling script's name, for messages.
RIFFLE_SCRIPT_NAME="${RIFFLE_SCRIPT_NAME:-$(basename "${BASH_SOURCE[${#BASH_SOURCE[@]}-1]}")}"

# riffle_die MESSAGE [EXIT_CODE]: print "<script>: MESSAGE" on stderr and exit (default 1).
riffle_die() {
    printf '%s: %s\n' "$RIFFLE_SCRIPT_NAME" "$1" >&2
    exit "${2:-1}"
}

riffle_warn() {
    printf '%s: warning: %s\n' "$RIFFLE_SCRIPT_NAME" "$1" >&2
}

riffle_info() {
    printf '%s\n' "$1"
}

# riffle_java: the java launcher to use: $JAVA_HOME/bin/java, else the one on PATH.
riffle_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        printf '%s\n' "$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        riffle_die "no Java found: JAVA_HOME is unset and java is not on PATH. Install JDK 17 (apt-get install -y openjdk-17-jdk-headless) or set JAVA_HOME." 1
    fi
}

# riffle_java_home: JAVA_HOME if it is set and valid, else derived from the java on PATH.
riffle_java_home() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        printf '%s\n' "$JAVA_HOME"
        return 0
    fi
    local java
    java="$(readlink -f "$(riffle_java)")"
    # .../bin/java -> ...
    dirname "$(dirname "$java")"
}

riffle_require_mvn() {
    command -v mvn >/dev/null 2>&1 \
        || riffle_die "Maven is not on PATH; it resolves the jars this needs. Install it (apt-get install -y maven) and retry." 1
}

# riffle_grid_home: where scripts/grid keeps data, logs and its Hadoop configuration.
riffle_grid_home() {
    local home="${RIFFLE_GRID_HOME:-$RIFFLE_REPO/.grid}"
    case "$home" in
        /*) ;;
        *) home="$PWD/$home" ;;
    esac
    printf '%s\n' "$home"
}

# riffle_hadoop_conf_dir: HADOOP_CONF_DIR if set, else the configuration the local grid writes.
riffle_hadoop_conf_dir() {
    if [[ -n "${HADOOP_CONF_DIR:-}" ]]; then
        printf '%s\n' "$HADOOP_CONF_DIR"
    else
        printf '%s\n' "$(riffle_grid_home)/hadoop-conf"
    fi
}

# riffle_now_ms: wall-clock milliseconds, for timings.
riffle_now_ms() {
    local now="${EPOCHREALTIME/[.,]/}"
    printf '%s\n' "$((now / 1000))"
}

# riffle_seconds_since START_MS: elapsed seconds with one decimal, e.g. "4.2".
riffle_seconds_since() {
    local elapsed=$(( $(riffle_now_ms) - $1 ))
    printf '%d.%d\n' "$((elapsed / 1000))" "$(((elapsed % 1000) / 100))"
}

# riffle_client_classpath: the client's jars, from an unpacked job package (lib/) or a source checkout
# (yarn-am/target, then the built store backends under state-backends/*/target); RIFFLE_CLASSPATH (e.g. a
# local job's classes) goes first.
riffle_client_classpath() {
    local cp=""
    if [[ ! -f "$RIFFLE_REPO/pom.xml" && -d "$RIFFLE_REPO/lib" ]]; then
        cp="$RIFFLE_REPO/lib/*"
    else
        local jar
        jar="$(ls "$RIFFLE_REPO"/yarn-am/target/riffle-yarn-am-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)"
        [[ -n "$jar" && -d "$RIFFLE_REPO/yarn-am/target/lib" ]] \
            || riffle_die "the Riffle client is not built. Build it once: mvn -B -q -pl yarn-am -am package -Dmaven.test.skip=true" 1
        cp="$jar:$RIFFLE_REPO/yarn-am/target/lib/*"
        # The built store backends, so that their stores.<name>.<backend>.* keys are checked before submitting.
        local backend
        for backend in "$RIFFLE_REPO"/state-backends/*/target; do
            jar="$(ls "$backend"/riffle-state-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)"
            if [[ -n "$jar" && -d "$backend/lib" ]]; then
                cp="$cp:$jar:$backend/lib/*"
            fi
        done
    fi
    printf '%s\n' "${RIFFLE_CLASSPATH:+$RIFFLE_CLASSPATH:}$cp"
}

# riffle_exec_client MAIN_CLASS HEAP ARGS...: replaces this shell with a Riffle client main (run, kill,
# status) on the client classpath, with the client's log configuration.
riffle_exec_client() {
    local main="$1" heap="$2"
    shift 2
    # shellcheck disable=SC2086 # RIFFLE_CLIENT_OPTS is a list of JVM options.
    exec "$(riffle_java)" ${RIFFLE_CLIENT_OPTS:-$heap} -Driffle.home="$RIFFLE_REPO" \
        -Dlog4j2.configurationFile=riffle-client-log4j2.xml -cp "$(riffle_client_classpath)" "$main" "$@"
}
