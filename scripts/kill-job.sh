#!/usr/bin/env bash
# scripts/kill-job.sh: stop a running job gracefully (containers commit and exit), then kill its application.
# A thin wrapper: it finds Java and the classpath and execs dev.riffle.yarn.client.KillJob, where the
# logic lives. Run `scripts/kill-job.sh --help`.
set -euo pipefail

RIFFLE_SCRIPT_NAME="kill-job.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

riffle_exec_client dev.riffle.yarn.client.KillJob -Xmx256m "$@"
