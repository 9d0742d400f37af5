#!/usr/bin/env bash
# Every test: set-up, then the Rust core, then the package as users import it (ESM, CJS,
# CLI, the simulator over real HTTP on loopback), the edge runtimes (workerd via miniflare,
# edge-runtime), the simulator page in headless Chromium and RedisStore against a throwaway
# redis-server on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

printf '\n[test] cargo test\n'
cargo test --workspace --quiet 2>&1

printf '\n[test] node --test\n'
node --test --test-reporter=spec tests/node/ tests/edge/ tests/browser/ tests/redis/ tests/nest/ tests/toolchains/
