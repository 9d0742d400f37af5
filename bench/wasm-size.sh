#!/usr/bin/env bash
# Measures the webhook module's size (the one edge users upload; bench/wasm-sizes.mjs has all
# three) for opt-level s/z/3 × LTO on/off, with and without wasm-opt -Oz, raw and gzipped (level 9). Uses its own target dir so the main build stays incremental.
# Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
T=target/size-matrix
OPT_FLAGS="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
gz() { gzip -9 -c "$1" | wc -c; }
echo "| opt-level | LTO | wasm-bindgen output (raw / gzip) | + wasm-opt -Oz (raw / gzip) |"
echo "|---|---|---|---|"
for opt in s z 3; do
  for lto in true false; do
    CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_PROFILE_RELEASE_LTO=$lto \
      cargo build --release --target wasm32-unknown-unknown --lib --quiet --no-default-features --features jdme-webhook --target-dir "$T/$opt-$lto" 2>/dev/null
    out="$T/out-$opt-$lto"
    wasm-bindgen --target web --out-dir "$out" --out-name jdme_webhook "$T/$opt-$lto/wasm32-unknown-unknown/release/robotwire.wasm"
    w="$out/jdme_webhook_bg.wasm"
    node_modules/.bin/wasm-opt -Oz $OPT_FLAGS "$w" -o "$out/opt.wasm"
    echo "| $opt | $lto | $(wc -c <"$w") / $(gz "$w") | $(wc -c <"$out/opt.wasm") / $(gz "$out/opt.wasm") |"
  done
done
