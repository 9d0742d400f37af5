#!/usr/bin/env bash
# Every test: set-up, then the Rust core, then the package as users import it (ESM, CJS,
# CLI, real HTTP on loopback), then the edge runtimes (workerd via miniflare, edge-runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

printf '\n[test] cargo test\n'
cargo test --quiet 2>&1

printf '\n[test] node --test\n'
node --test --test-reporter=spec tests/node/ tests/edge/
