// Next.js (webpack and Turbopack) chases every `new URL("…", import.meta.url)` in a bundle as an
// asset to emit; the wasm-bindgen glue's default-path fallback made `next build` fail with
// "Can't resolve 'robotwire_bg.wasm'". The glue is generated with --omit-default-module-path:
// the flavours that are handed a compiled module must not contain such a URL at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const urlRef = /new URL\(\s*["'`][^"'`]*["'`]\s*,\s*import\.meta\.url\s*\)/g;

test('edge-light, workerd and manual bundles have no new URL(…, import.meta.url)', () => {
  for (const f of ['dist/edge/edge-light.mjs', 'dist/edge/workerd.mjs', 'dist/edge/manual.mjs', 'dist/node/manual.cjs']) {
    const code = readFileSync(`${root}/${f}`, 'utf8');
    assert.deepEqual(code.match(urlRef) ?? [], [], f);
  }
  // Control: the worker flavour fetches its .wasm by exactly such a URL (bundlers that support
  // it emit the asset), so the pattern does match where it should.
  assert.equal(readFileSync(`${root}/dist/edge/worker.mjs`, 'utf8').match(urlRef)?.length, 1);
});
