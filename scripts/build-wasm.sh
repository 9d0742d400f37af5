#!/usr/bin/env bash
# Builds the Rust core into one wasm module per product (issue 9), each with its
# wasm-bindgen --target web glue, under pkg/:
#   jdme_webhook   JD ME webhook: token schemes, AES-CBC, verifier, card answers
#   jdme_outbound  JD ME outbound: endpoints, builders, rules, rate engine, error catalogue
#   yjiyun         有机云: REST and socket frames, parsers, rules, ids
# Same crate, one Cargo feature per product: wasm-ld keeps only what that boundary reaches.
# Incremental: cargo keeps one artifact per feature set and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p pkg target/products
rm -f pkg/robotwire.js pkg/robotwire.d.ts pkg/robotwire_bg.wasm pkg/robotwire_bg.wasm.d.ts
for product in jdme_webhook jdme_outbound yjiyun; do
  # The outbound module runs on every send (build, check, plan, rate decision): built for speed
  # (profile release-fast, wasm-opt -O3), measured in README (性能). The others for size.
  profile=release opt=-Oz dir=target rustflags="${RUSTFLAGS:-}"
  if [ "$product" = jdme_outbound ]; then profile=release-fast opt=-O3; fi
  if [ "$product" = yjiyun ]; then profile=release-small; fi
  # The webhook module decrypts with 128-bit SIMD (crates/aes-x8, issue 13), and the outbound
  # module encrypts events with the same cipher (simulator, `robotwire jdme encrypt`: without
  # SIMD its byte-array fallback took 2.4 ms per 16 KB event, with it ~0.5 ms). Every runtime
  # robotwire supports has wasm simd128 (Node >= 16.4, workerd, Chrome 91, Firefox 89,
  # Safari 16.4); the 有机云 module does not use it. Their own target dir, so the 有机云
  # module's artifacts are not rebuilt.
  if [ "$product" != yjiyun ]; then dir=target/simd rustflags="$rustflags -C target-feature=+simd128"; fi
  RUSTFLAGS="$rustflags" cargo build --target-dir "$dir" --profile "$profile" --target wasm32-unknown-unknown --lib --quiet --no-default-features --features "${product//_/-}"
  cp "$dir/wasm32-unknown-unknown/$profile/robotwire.wasm" "target/products/$product.wasm"
  # --omit-default-module-path: no `new URL("…_bg.wasm", import.meta.url)` fallback in the glue;
  # every entry hands the module to initSync, and bundlers (Next.js) chase that URL and fail.
  wasm-bindgen --target web --omit-default-module-path --out-dir pkg --out-name "$product" "target/products/$product.wasm"
  # wasm-opt from the npm `binaryen` package: measured in README (体积). -Oz after rustc's "z".
  if [ -x node_modules/.bin/wasm-opt ]; then
    # --low-memory-unused: rustc places data above the 1 MiB stack, so the low 1 KiB is never
    # addressed; with --converge, 360 B less gzip on the webhook module (edge budget, issue 13).
    node_modules/.bin/wasm-opt "$opt" --low-memory-unused --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd "pkg/${product}_bg.wasm" -o "pkg/${product}_bg.wasm"
  fi
done
