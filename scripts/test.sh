#!/usr/bin/env bash
# The README's test command: every test of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --workspace
