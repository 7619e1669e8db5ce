#!/usr/bin/env bash
# scripts/logs-job.sh: show the logs of a Riffle job's containers (YARN log aggregation), e.g.
#   scripts/logs-job.sh application_1764133975000_0001 --container 0
# A thin wrapper: it finds Java and the classpath and execs dev.riffle.yarn.client.LogsJob, where the
# logic lives. Run `scripts/logs-job.sh --help`.
set -euo pipefail

RIFFLE_SCRIPT_NAME="logs-job.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

riffle_exec_client dev.riffle.yarn.client.LogsJob -Xmx256m "$@"
