#!/usr/bin/env bash
# Schemathesis against the running service's own OpenAPI document, on loopback only.
#
#   crates/server/bench/schemathesis.sh [MAX_EXAMPLES=200]
#
# Builds the release binary, serves the bundled corpus (corpus/) from a fresh index in
# target/bench-schemathesis, and runs every schemathesis phase (examples, coverage, fuzzing,
# stateful) with its default checks: no 5xx, and no response that contradicts the schema
# (status codes, content types, bodies). Schemathesis comes from PyPI
# (`pip install schemathesis`); without it the script says so and stops.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MAX=${1:-200}
ADDR=127.0.0.1:18282
WORK=target/bench-schemathesis
command -v st >/dev/null || { echo "SKIPPED: schemathesis missing: pip install schemathesis"; exit 0; }
cargo build --release -p tracuu-cli
rm -rf "$WORK" && mkdir -p "$WORK"
target/release/tracuu serve --index "$WORK/index" --addr "$ADDR" > "$WORK/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
st run "http://$ADDR/api/openapi.json" --checks all --max-examples "$MAX" --seed 7
