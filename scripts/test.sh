#!/usr/bin/env bash
# The one test command: installs what the tests need (redis-server), then runs every unit and
# integration test with `mvn -B verify` from the repository root. Extra arguments go to Maven.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/test.sh [MAVEN_ARGS...]

Runs Riffle's whole test suite: unit tests (*Test, surefire) and integration tests (*IT, failsafe)
with `mvn -B verify` from the repository root. Integration tests start the real services they need
themselves (a Kafka broker, MiniYARNCluster, redis-server, Cassandra) on free ports and stop them
at the end, so a running `scripts/grid` does not disturb them.

Before Maven runs, the script installs what is missing:
  redis-server   with `apt-get update && apt-get install -y redis-server` when run as root;
                 otherwise it prints the command to run and exits 1.
  chromium, nodejs, npm
                 the same way, for the browser test of the AM's page (AmWebPageIT); its npm
                 package (playwright-core, pinned) is installed by scripts/lib/browser.sh.

MAVEN_ARGS are passed to Maven unchanged, for example:
  scripts/test.sh -pl job-runner -am          one module (and what it needs)
  scripts/test.sh -pl testing -am -Dit.test=KafkaFixtureIT -Dfailsafe.failIfNoSpecifiedTests=false
  scripts/test.sh -DskipITs                   unit tests only
  scripts/test.sh clean -pl testing -am       'clean' is the one goal accepted (it runs first)

Prints the suite's wall time at the end and exits with Maven's exit status
(0 all tests passed, 1 a build or test failure, 2 bad usage of this script).
Fixture data and logs: <module>/target/fixtures/<service>-<n>/ (see docs/development.md).
USAGE
}

# Maven options whose value is the next argument; any other bare word would be a Maven goal.
value_options=" -pl --projects -rf --resume-from -f --file -s --settings -gs --global-settings \
-T --threads -P --activate-profiles -l --log-file -t --toolchains -b --builder -D --define "
goals=()
maven_args=()
expect_value=0
for arg in "$@"; do
    if [[ $expect_value -eq 1 ]]; then
        maven_args+=("$arg"); expect_value=0; continue
    fi
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        clean) goals+=("clean") ;;
        -*)
            maven_args+=("$arg")
            [[ "$value_options" == *" $arg "* ]] && expect_value=1
            ;;
        *)
            echo "test.sh: unexpected argument '$arg': pass Maven options only (the script always runs" \
                "'verify'; 'clean' is the one goal it accepts). See scripts/test.sh --help." >&2
            exit 2
            ;;
    esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

fail() {
    echo "test.sh: $*" >&2
    exit 1
}

require_java_and_maven() {
    command -v java >/dev/null 2>&1 || fail "java is not on PATH. Install JDK 17 (apt-get install -y openjdk-17-jdk-headless) and run again."
    command -v mvn >/dev/null 2>&1 || fail "mvn is not on PATH. Install Maven 3.8 or later (apt-get install -y maven) and run again."
    local version
    version="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    if [[ -z "$version" || "${version%%.*}" -lt 17 ]]; then
        fail "java on PATH is version '${version:-unknown}'; Riffle needs Java 17 or later. Set JAVA_HOME/PATH to a JDK 17."
    fi
}

install_redis_if_missing() {
    if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        fail "redis-server is not installed and this script can install it only as root with apt-get.
Install it with:  sudo apt-get update && sudo apt-get install -y redis-server
then run scripts/test.sh again."
    fi
    echo "test.sh: redis-server is missing; installing it with apt-get."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q || fail "apt-get update failed; check the machine's package sources and run again."
    apt-get install -y -q redis-server || fail "apt-get install redis-server failed; see the output above."
    command -v redis-server >/dev/null 2>&1 || fail "redis-server is still not on PATH after installing it."
}

# The browser test drives Debian's chromium with playwright-core on node (scripts/lib/browser.sh).
install_browser_if_missing() {
    local missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        fail "${missing[*]} not installed and this script can install them only as root with apt-get.
Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}
then run scripts/test.sh again."
    fi
    echo "test.sh: ${missing[*]} missing; installing with apt-get."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q || fail "apt-get update failed; check the machine's package sources and run again."
    apt-get install -y -q "${missing[@]}" || fail "apt-get install ${missing[*]} failed; see the output above."
}

require_java_and_maven
install_redis_if_missing
install_browser_if_missing

# Fixture start times are logged into the failsafe output files; list those of this run at the end.
run_marker="$(mktemp)"
trap 'rm -f "$run_marker"' EXIT

print_fixture_start_times() {
    local lines
    lines="$(find . -path '*/target/failsafe-reports/*-output.txt' -newer "$run_marker" -print0 2>/dev/null \
        | xargs -0 -r grep -h -E '(Kafka|Yarn|Redis|RedisCluster|Cassandra)Fixture - Started ' 2>/dev/null \
        | grep -v ' again ' | sed -E 's/^[0-9:.]+ +INFO +\[[^]]*\] +//' || true)"
    if [[ -n "$lines" ]]; then
        echo "test.sh: fixture start times in this run (one line per test JVM that used the fixture):"
        printf '%s\n' "$lines" | sed 's/^/  /'
    fi
}

started=$(date +%s)
echo "test.sh: running mvn -B ${goals[*]:+${goals[*]} }verify ${maven_args[*]:-} in $repo_root"
set +e
mvn -B "${goals[@]}" verify "${maven_args[@]}" </dev/null
status=$?
set -e
elapsed=$(( $(date +%s) - started ))
print_fixture_start_times
printf 'test.sh: the test suite took %dm%02ds (wall time) and exited with status %d.\n' \
    $((elapsed / 60)) $((elapsed % 60)) "$status"
exit "$status"
