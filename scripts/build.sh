#!/usr/bin/env bash
# npm run build: the wasm core, the JS bundles and the .d.ts files (after scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
# The TypeScript twins of the Rust tables (js/src/generated/, committed): regenerated before
# bundling so a bundle never carries stale tables; it names any file it rewrites (commit it:
# tests/generated_tables.rs fails while the committed copy differs).
cargo run --quiet --bin gen-tables
node scripts/build.mjs
chmod +x dist/cli/robotwire.cjs
rm -rf dist/types
npx --no-install tsc -p tsconfig.json
node scripts/types-cjs.mjs
# Fails on an undocumented public export (typedoc.json: notDocumented, warnings are errors).
# Validation only: `npm run docs` writes the committed API reference into docs/api, and
# tests/node/api-docs.test.mjs checks that copy is current.
npx --no-install typedoc --emit none
