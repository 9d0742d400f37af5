#!/usr/bin/env bash
# Builds the Rust core to pkg/ (wasm-bindgen --target web glue + robotwire_bg.wasm).
# Incremental: cargo only recompiles what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --target wasm32-unknown-unknown --lib --quiet
# --omit-default-module-path: no `new URL("robotwire_bg.wasm", import.meta.url)` fallback in the
# glue; every entry hands the module to initSync, and bundlers (Next.js) chase that URL and fail.
wasm-bindgen --target web --omit-default-module-path --out-dir pkg --out-name robotwire target/wasm32-unknown-unknown/release/robotwire.wasm
# wasm-opt from the npm `binaryen` package: measured in README (体积). -Oz after rustc's "z".
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue pkg/robotwire_bg.wasm -o pkg/robotwire_bg.wasm
fi
