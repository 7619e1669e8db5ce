#!/usr/bin/env bash
# scripts/status-job.sh: show a running job's containers, tasks, offsets, lag, throughput and restarts;
# --watch [SECONDS] redraws the table until Ctrl-C, --json prints the raw /api/status document.
# A thin wrapper: it finds Java and the classpath and execs dev.riffle.yarn.client.StatusJob, where the
# logic lives. Run `scripts/status-job.sh --help`.
set -euo pipefail

RIFFLE_SCRIPT_NAME="status-job.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

riffle_exec_client dev.riffle.yarn.client.StatusJob -Xmx256m "$@"
