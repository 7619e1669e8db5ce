#!/usr/bin/env bash
# Headless Chromium driven by playwright-core, for the browser test of the application master's
# page (yarn-am's AmWebPageIT). Installs what is missing, then runs the page check.
set -euo pipefail

RIFFLE_SCRIPT_NAME="browser.sh"
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/lib/browser.sh install [--dir DIR]
       scripts/lib/browser.sh check [--dir DIR] --url URL --screenshot FILE [--timeout-ms MS]
                                    [--then-await-unreachable-ms MS]

install   Makes sure the machine can drive a headless browser, installing what is missing:
            chromium        Debian's package, with apt-get (as root; otherwise prints the command)
            node and npm    Debian's nodejs and npm packages, the same way
            playwright-core the exact version pinned in yarn-am/src/test/browser/package-lock.json,
                            with `npm ci` into DIR (default yarn-am/target/browser)
          apt-get update runs at most once per call, and only when something must be installed.
check     install, then opens URL (the AM's page, directly or through the ResourceManager's
          proxy) with yarn-am/src/test/browser/check-page.mjs: prints one JSON line of what the
          page shows (read twice, without reloading) and saves a full-page screenshot to FILE.
          With --then-await-unreachable-ms it then keeps the page open until it reports the AM
          unreachable (the caller stops the AM after the first line) and prints a second line.

Environment: RIFFLE_CHROMIUM (default /usr/bin/chromium) picks the browser binary.
Exit status: 0 success, 1 failure (install failed, the page could not be read), 2 bad usage.
USAGE
}

browser_src="$RIFFLE_REPO/yarn-am/src/test/browser"
chromium_bin="${RIFFLE_CHROMIUM:-/usr/bin/chromium}"
apt_updated=0

apt_install() {
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        riffle_die "$* is missing and this script installs it only as root with apt-get. Install it with:
  sudo apt-get update && sudo apt-get install -y $*
then run again." 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if [[ $apt_updated -eq 0 ]]; then
        apt-get update -q >&2 || riffle_die "apt-get update failed; check the machine's package sources." 1
        apt_updated=1
    fi
    riffle_info "browser.sh: installing $* with apt-get." >&2
    apt-get install -y -q "$@" >&2 || riffle_die "apt-get install -y $* failed; see the output above." 1
}

install_all() {
    local dir="$1"
    local missing=()
    [[ -x "$chromium_bin" ]] || missing+=(chromium)
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    if [[ ${#missing[@]} -gt 0 ]]; then
        apt_install "${missing[@]}"
    fi
    [[ -x "$chromium_bin" ]] || riffle_die "no Chromium at $chromium_bin after installing it; set RIFFLE_CHROMIUM to the browser binary." 1
    local node_major
    node_major="$(node -p 'process.versions.node.split(".")[0]')"
    if [[ "$node_major" -lt 20 ]]; then
        riffle_warn "node $(node --version) is older than the 20 that playwright-core declares; trying anyway. Install Node 20 if the check fails."
    fi
    mkdir -p "$dir"
    cp "$browser_src/package.json" "$browser_src/package-lock.json" "$browser_src/check-page.mjs" "$dir/"
    # npm ci again only when the pinned lock file changed since the last install.
    if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.riffle-installed-lock" 2>/dev/null; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) \
            || riffle_die "npm ci of playwright-core in $dir failed; see the output above (is the npm registry reachable?)." 1
        cp "$dir/package-lock.json" "$dir/node_modules/.riffle-installed-lock"
    fi
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
command="$1"
shift
dir="$RIFFLE_REPO/yarn-am/target/browser"
check_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --dir) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; dir="$2"; shift 2 ;;
        --url|--screenshot|--timeout-ms|--then-await-unreachable-ms)
            [[ $# -ge 2 ]] || { echo "browser.sh: $1 needs a value" >&2; exit 2; }
            check_args+=("$1" "$2"); shift 2 ;;
        *) echo "browser.sh: unknown argument '$1'; see --help." >&2; exit 2 ;;
    esac
done

case "$command" in
    -h|--help) usage ;;
    install) install_all "$dir" ;;
    check)
        [[ ${#check_args[@]} -gt 0 ]] || { echo "browser.sh: check needs --url and --screenshot; see --help." >&2; exit 2; }
        install_all "$dir"
        exec node "$dir/check-page.mjs" --chromium "$chromium_bin" "${check_args[@]}"
        ;;
    *) echo "browser.sh: unknown command '$command'; use install or check (see --help)." >&2; exit 2 ;;
esac
