// The package as `npm pack` ships it, installed alone (no ioredis, socket.io-client, socket.io or
// Nest): the webhook works, and each feature that needs an optional peer dependency fails with
// a typed `missing_dependency` error naming the package, under import and require alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packTarball, installTarball } from './packed.mjs';

let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'robotwire-alone-'));
  installTarball(packTarball(dir), dir);
  writeFileSync(join(dir, 'package.json'), '{"name":"robotwire-alone","private":true}\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(file, code) {
  writeFileSync(join(dir, file), code);
  const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const PROBES = (load) => `
${load}
const out = {};
const code = async (f) => { try { await f(); return 'ok'; } catch (e) { return { code: e.code, message: e.message, robotwire: e instanceof RobotwireError }; } };
const vt = 'fake-alone-verification-token';
const ts = Date.now();
const hook = createJdmeWebhook({ verificationToken: vt });
const body = JSON.stringify({ eventId: 'alone-1', eventType: 'chat_quit', timeStamp: ts, token: signJdmeToken(vt, ts), event: {} });
out.webhook = (await hook.handleBody(body)).status;
out.redis = await code(() => new RedisStore({ url: 'redis://127.0.0.1:9' }).get('k'));
const rt = new yjiyun.YjiyunRealtime({ client: { token: async () => 'fake', invalidateToken: async () => {} }, url: 'http://127.0.0.1:9' });
rt.on('error', () => {});
const sending = rt.sendText({ chatId: 'S:1688853470427542_1688853470829406', content: 'queued before the connection' });
out.realtime = await code(() => rt.connect());
out.queuedSend = await code(() => sending);
out.yjiyunSim = await code(() => sim.startYjiyunSimulator());
const jdmeSim = await sim.startSimulator();
out.jdmeSim = typeof jdmeSim.url;
await jdmeSim.close();
process.stdout.write(JSON.stringify(out));
`;

function check(out) {
  assert.equal(out.webhook, 200, 'the webhook needs no optional package');
  assert.equal(out.jdmeSim, 'string', 'the 京ME simulator needs no optional package');
  for (const [key, pkg] of [['redis', 'ioredis'], ['realtime', 'socket.io-client'], ['queuedSend', 'socket.io-client'], ['yjiyunSim', 'socket.io']]) {
    assert.equal(out[key].code, 'missing_dependency', `${key}: ${JSON.stringify(out[key])}`);
    assert.equal(out[key].robotwire, true, key);
    assert.match(out[key].message, new RegExp(`"${pkg.replace('.', '\\.')}": npm install ${pkg.replace('.', '\\.')}$`), key);
  }
}

test('the packed package has no dependencies, only optional peers', () => {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/robotwire/package.json'), 'utf8'));
  assert.equal(pkg.dependencies, undefined);
  for (const name of ['ioredis', 'socket.io-client', 'socket.io', '@nestjs/common', '@nestjs/core']) {
    assert.ok(pkg.peerDependencies[name], name);
    assert.equal(pkg.peerDependenciesMeta[name].optional, true, name);
  }
  for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'pkg/jdme_webhook_bg.wasm', 'pkg/jdme_outbound_bg.wasm', 'pkg/yjiyun_bg.wasm', 'dist/node/index.mjs', 'dist/node/webhook.mjs']) readFileSync(join(dir, 'node_modules/robotwire', f));
});

test('ESM: import works alone; Redis, realtime and the 有机云 simulator name what to install', () => {
  check(
    run(
      'alone.mjs',
      PROBES(`import { createJdmeWebhook, signJdmeToken, RedisStore, RobotwireError } from 'robotwire';
import * as yjiyun from 'robotwire/yjiyun';
import * as sim from 'robotwire/sim';`),
    ),
  );
});

test("a user's bundler does not need the optional packages: esbuild bundles every entry without them", async () => {
  const { build } = await import('esbuild');
  writeFileSync(join(dir, 'bundle-me.mjs'), "export * from 'robotwire'; export * as y from 'robotwire/yjiyun'; export * as s from 'robotwire/sim';\n");
  for (const format of ['esm', 'cjs']) {
    // Throws (with the unresolved import named) if a literal import('ioredis') were left for it to chase.
    const r = await build({ absWorkingDir: dir, entryPoints: ['bundle-me.mjs'], bundle: true, platform: 'node', format, outdir: join(dir, `out-${format}`), write: false, logLevel: 'silent' });
    assert.equal(r.errors.length, 0);
  }
});

test('CJS: require works alone, with the same typed errors', () => {
  check(
    run(
      'alone.cjs',
      `(async () => {${PROBES(`const { createJdmeWebhook, signJdmeToken, RedisStore, RobotwireError } = require('robotwire');
const yjiyun = require('robotwire/yjiyun');
const sim = require('robotwire/sim');`)}})().catch((e) => { console.error(e); process.exit(1); });`,
    ),
  );
});
