// The README's size tables come from bench/wasm-sizes.mjs; this keeps them true (within 1 %:
// a toolchain update may move a few bytes) and holds the webhook-only edge budget (issue 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { measure, table } from '../../bench/wasm-sizes.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const numbers = (text) => [...text.matchAll(/([\d,]+) B\b/g)].map((m) => Number(m[1].replaceAll(',', '')));

test('README size tables match the build (both languages)', async () => {
  const sizes = await measure();
  const expected = numbers(table(sizes));
  for (const tag of ['sizes', 'sizes-en']) {
    const block = readme.match(new RegExp(`<!-- ${tag}:begin -->([\\s\\S]*?)<!-- ${tag}:end -->`))?.[1];
    assert.ok(block, `README.md lacks the ${tag} block`);
    const shown = numbers(block);
    assert.equal(shown.length, expected.length, `${tag}: run node bench/wasm-sizes.mjs --write`);
    shown.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= expected[i] * 0.01, `${tag}: ${v} vs ${expected[i]} B: run node bench/wasm-sizes.mjs --write`));
  }
});

test('a webhook-only edge upload stays within 60 KB gzipped, JS and wasm together', async () => {
  const { uploads, modules } = await measure();
  const webhook = uploads.find((u) => u.entry === 'robotwire/webhook');
  assert.deepEqual(webhook.wasm, ['jdme_webhook']);
  assert.ok(webhook.gzip <= 60_000, `${webhook.gzip} B`);
  // Each API carries exactly its modules.
  assert.deepEqual(uploads.find((u) => u.entry === 'robotwire').wasm.sort(), ['jdme_outbound', 'jdme_webhook']);
  assert.deepEqual(uploads.find((u) => u.entry === 'robotwire/yjiyun').wasm, ['yjiyun']);
  assert.equal(modules.length, 3);
});
