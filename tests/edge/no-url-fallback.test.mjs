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
  const handed = ['', 'webhook-', 'yjiyun-'].flatMap((p) => [`dist/edge/${p}edge-light.mjs`, `dist/edge/${p}workerd.mjs`]);
  for (const f of [...handed, 'dist/edge/manual.mjs', 'dist/node/manual.cjs']) {
    const code = readFileSync(`${root}/${f}`, 'utf8');
    assert.deepEqual(code.match(urlRef) ?? [], [], f);
  }
  // Control: the worker flavours fetch each .wasm they use by exactly such a URL (bundlers that
  // support it emit the asset), so the pattern does match where it should.
  const urls = (f) => (readFileSync(`${root}/dist/edge/${f}`, 'utf8').match(urlRef) ?? []).map((m) => m.match(/pkg\/(\w+)\.wasm/)[1]);
  assert.deepEqual(urls('worker.mjs').sort(), ['jdme_outbound_bg', 'jdme_webhook_bg']);
  assert.deepEqual(urls('webhook-worker.mjs'), ['jdme_webhook_bg']);
  assert.deepEqual(urls('yjiyun-worker.mjs'), ['yjiyun_bg']);
});
