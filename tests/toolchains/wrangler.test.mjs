// A webhook-only Worker built by wrangler (`wrangler deploy --dry-run --outdir`), its upload
// measured, then run in workerd through miniflare (the runtime `wrangler dev` uses).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { prepare, sh, exercise, expectWebhook, inWorkerd } from './lib.mjs';

let project;
after(() => project?.cleanup());

test('wrangler: a robotwire/webhook Worker uploads ≤ 60 KB gzipped and answers 200 / 401 / 401 in workerd', async (t) => {
  project = await prepare('wrangler-worker');
  const build = await sh(project.dir, 'npx', ['--no-install', 'wrangler', 'deploy', '--dry-run', '--outdir', 'out'], {
    env: { WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
  });
  const files = readdirSync(join(project.dir, 'out')).filter((f) => /\.(m?js|wasm)$/.test(f));
  const sizes = files.map((f) => {
    const bytes = readFileSync(join(project.dir, 'out', f));
    return { f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
  // wrangler's own report, e.g. "Total Upload: 145.23 KiB / gzip: 57.01 KiB".
  const reported = build.stdout.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  t.diagnostic(`install ${project.installMs} ms, wrangler build ${build.ms} ms; files ${JSON.stringify(sizes)}; total ${total.raw} B raw, ${total.gzip} B gzip -9; wrangler says ${reported?.[0]}`);
  assert.ok(reported, build.stdout);
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')).map((f) => f.replace(/^[0-9a-f]+-/, '')), ['jdme_webhook_bg.wasm']);
  assert.ok(Number(reported[2]) * 1024 <= 60_000, `wrangler's gzip size ${reported[2]} KiB`);
  assert.ok(total.gzip <= 60_000, `${total.gzip} B`);

  const main = files.find((f) => /\.m?js$/.test(f));
  await inWorkerd(join(project.dir, 'out'), main, async (url) => {
    expectWebhook(assert, await exercise(new URL('/hook', url), project.dir), 'workerd');
  });
});
