#!/usr/bin/env bash
# scripts/produce-visits.sh: send deterministic synthetic visits to Kafka for the visitor counter.
# A thin wrapper around dev.riffle.examples.visitors.ProduceVisits; run it with --help.
set -euo pipefail

RIFFLE_SCRIPT_NAME="produce-visits.sh"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/visitor-counter.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/visitor-counter.sh"

exec "$(riffle_java)" -Xmx256m -Dlog4j2.level=WARN -cp "$(riffle_visitor_counter_classpath)" \
    dev.riffle.examples.visitors.ProduceVisits "$@"
