// Both simulator pages as served: js/src/sim/pages/*.html with the one shared sim.css and their
// *.page.js scripts inlined (no second request, nothing external), and no template marker left
// from their TS-string days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSimulator, startYjiyunSimulator } from 'robotwire/sim';

const source = (name) => readFileSync(new URL(`../../js/src/sim/pages/${name}`, import.meta.url), 'utf8');
const SHEET = source('sim.css');

async function page(sim) {
  try {
    const res = await fetch(sim.url + '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    return await res.text();
  } finally {
    await sim.close();
  }
}

function assertSelfContained(html, bodyClass, scripts) {
  assert.ok(html.includes(`<style>\n${SHEET}</style>`), 'the shared stylesheet, inlined whole');
  assert.match(html, /\.conv\.active \{ background: var\(--active\); \}/);
  assert.match(html, /font: [^;]*"Noto Sans CJK SC"/, 'a CJK-capable font stack');
  assert.ok(html.includes(`<body class="${bodyClass}">`));
  assert.match(SHEET, new RegExp(`body\\.${bodyClass} \\{ --accent:`), 'the sheet styles this page');
  assert.ok(!html.includes('${'), 'no leftover template marker');
  for (const name of scripts) assert.ok(html.includes(`<script>\n${source(name)}</script>`), `${name}, inlined whole`);
  // The one link left is the empty icon (data:), which keeps browsers from asking for /favicon.ico.
  const rest = html.replace('<link rel="icon" href="data:,">', '');
  assert.ok(!/<link\b|\bsrc=|@import|url\(/i.test(rest), 'no second request and nothing external');
}

test('the 京ME simulator page is jdme.html with the shared stylesheet inlined', async () => {
  const html = await page(await startSimulator());
  assertSelfContained(html, 'jdme', ['common.page.js', 'card.page.js', 'jdme.page.js']);
  assert.match(html, /<title>robotwire sim · 京ME 模拟器<\/title>/);
  assert.match(html, /fetch\('\/__sim\/version'\)/);
});

test('the 有机云 simulator page is yjiyun.html with the shared stylesheet inlined', async () => {
  const html = await page(await startYjiyunSimulator());
  assertSelfContained(html, 'yjiyun', ['common.page.js', 'yjiyun.page.js']);
  assert.match(html, /<title>robotwire sim · 有机云 模拟器<\/title>/);
  assert.match(html, /act\('\/__sim\/say'/);
});
