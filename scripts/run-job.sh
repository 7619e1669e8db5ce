#!/usr/bin/env bash
# scripts/run-job.sh: validate a job's configuration, then submit it to YARN or run it locally.
# A thin wrapper: it finds Java and the classpath and execs dev.riffle.yarn.client.RunJob, where the
# logic lives. Run `scripts/run-job.sh --help`.
set -euo pipefail

RIFFLE_SCRIPT_NAME="run-job.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

riffle_exec_client dev.riffle.yarn.client.RunJob -Xmx512m "$@"
