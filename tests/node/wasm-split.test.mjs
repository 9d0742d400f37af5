// One wasm module per product (issue 9): each entry point provides only the modules its API
// uses, Node compiles each on first use, `initWasm` recognises a module by its exports, and a
// module an entry lacks is a typed `wasm_not_loaded` error, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnWithInput } from './spawn.mjs';
import { VT, KEY, chatEvent, encryptedBody } from './helpers.mjs';

const wasm = (p) => readFileSync(new URL(`../../pkg/${p}_bg.wasm`, import.meta.url));

/** Runs an ESM snippet in a fresh Node process that counts every wasm compilation. */
async function probe(body) {
  const code = `
    const compiled = [];
    const Module = WebAssembly.Module;
    WebAssembly.Module = function (bytes) { const m = new Module(bytes); compiled.push(WebAssembly.Module.exports(m).length); return m; };
    WebAssembly.Module.prototype = Module.prototype;
    WebAssembly.Module.exports = Module.exports;
    ${body}
  `;
  const r = await spawnWithInput(process.execPath, ['--input-type=module', '-e', code]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('robotwire on Node compiles the webhook module for a webhook, the outbound one only when sending', async () => {
  const out = await probe(`
    const rw = await import('robotwire');
    const atImport = compiled.length;
    const hook = rw.createJdmeWebhook({ verificationToken: ${JSON.stringify(VT)}, encryptKey: ${JSON.stringify(KEY)} });
    const res = await hook.fetch(new Request('http://x/', { method: 'POST', body: ${JSON.stringify(encryptedBody(chatEvent()))} }));
    const afterWebhook = compiled.length;
    rw.buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', text: 'hi' }, { appId: 'fake-app-key', robotId: '00_fakerobot000001', requestId: 'fake-req', nowMs: 1_700_000_000_000 });
    console.log(JSON.stringify({ atImport, afterWebhook, afterSend: compiled.length, status: res.status,
      ready: [rw.isWasmReady('jdme-webhook'), rw.isWasmReady('jdme-outbound'), rw.isWasmReady('yjiyun')] }));
  `);
  assert.deepEqual(out, { atImport: 0, afterWebhook: 1, afterSend: 2, status: 200, ready: [true, true, false] });
});

test('robotwire/webhook has the webhook API and nothing that needs another module', async () => {
  const out = await probe(`
    const w = await import('robotwire/webhook');
    const hook = w.createJdmeWebhook({ verificationToken: ${JSON.stringify(VT)}, encryptKey: ${JSON.stringify(KEY)} });
    const res = await hook.fetch(new Request('http://x/', { method: 'POST', body: ${JSON.stringify(encryptedBody(chatEvent()))} }));
    let rate;
    try { await new w.MemoryStore().rateDecide([], 0); } catch (e) { rate = { code: e.code, robotwire: e instanceof w.RobotwireError, message: e.message }; }
    console.log(JSON.stringify({ status: res.status, compiled: compiled.length, rate,
      names: ['JdmeClient', 'buildJdmeRequest', 'encryptJdmeEvent', 'RedisStore'].filter((n) => n in w),
      has: ['createJdmeWebhook', 'signJdmeToken', 'probeJdmeToken', 'decryptJdmeEvent', 'cardUpdateAnswer', 'JDME_EVENT_TYPES', 'initWasm'].every((n) => n in w),
      ready: [w.isWasmReady('jdme-webhook'), w.isWasmReady('jdme-outbound')] }));
  `);
  assert.equal(out.status, 200);
  assert.equal(out.compiled, 1);
  assert.deepEqual(out.names, []);
  assert.equal(out.has, true);
  assert.deepEqual(out.ready, [true, false]);
  assert.equal(out.rate.code, 'wasm_not_loaded');
  assert.equal(out.rate.robotwire, true);
  assert.match(out.rate.message, /JD ME outbound core: import robotwire \(not robotwire\/webhook\)/);
});

test('manual: initWasm tells the modules apart by their exports; a missing one is wasm_not_loaded', async () => {
  const m = await import('robotwire/manual');
  assert.equal(m.isWasmReady(), false);
  assert.throws(() => m.signJdmeToken(VT, '1'), (e) => e.code === 'wasm_not_loaded' && /jdme-webhook core \(jdme_webhook_bg\.wasm\) is not loaded/.test(e.message));
  // The empty module and a module of someone else's are refused, naming the expected files.
  for (const bad of [new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])]) {
    assert.throws(() => m.initWasm(bad), (e) => e.code === 'invalid_argument' && /jdme_webhook_bg\.wasm, jdme_outbound_bg\.wasm, yjiyun_bg\.wasm/.test(e.message));
  }
  assert.throws(() => m.initWasm(), (e) => e.code === 'invalid_argument');
  // Garbage bytes are the engine's CompileError, thrown at once (not at first use).
  assert.throws(() => m.initWasm(new Uint8Array([1, 2, 3])), WebAssembly.CompileError);
  // Bytes and a compiled module are both accepted, in any order.
  m.initWasm(new WebAssembly.Module(wasm('jdme_outbound')), wasm('jdme_webhook'));
  assert.deepEqual([m.isWasmReady('jdme-webhook'), m.isWasmReady('jdme-outbound'), m.isWasmReady('yjiyun')], [true, true, false]);
  assert.equal(typeof m.signJdmeToken(VT, '1'), 'string');
  assert.equal(typeof m.encryptJdmeEvent(KEY, '{}'), 'string');
});

test('the three modules are separate and each carries only its product', () => {
  const exportsOf = (p) => WebAssembly.Module.exports(new WebAssembly.Module(wasm(p))).map((e) => e.name);
  const webhook = exportsOf('jdme_webhook');
  const outbound = exportsOf('jdme_outbound');
  const yjiyun = exportsOf('yjiyun');
  assert.ok(webhook.includes('jdmeverifier_verify') && webhook.includes('jdmeDecrypt'));
  assert.ok(!webhook.some((n) => /^(jdmeBuild|jdmeEncrypt|yjiyun)/.test(n)), webhook.join(' '));
  assert.ok(outbound.includes('jdmeBuild') && outbound.includes('jdmeEncrypt'));
  assert.ok(!outbound.some((n) => /^(jdmeverifier|yjiyun)/.test(n)), outbound.join(' '));
  assert.ok(yjiyun.includes('yjiyunBuildRest'));
  assert.ok(!yjiyun.some((n) => /^jdme/.test(n)), yjiyun.join(' '));
});

test('Node: a bundle whose .wasm was not copied and that cannot resolve robotwire says what to do', async () => {
  const { mkdtempSync, copyFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'robotwire-nowasm-'));
  try {
    copyFileSync(new URL('../../dist/node/webhook.mjs', import.meta.url), join(dir, 'bundle.mjs'));
    const { spawnSync } = await import('node:child_process');
    // Run from the temporary directory: from the repo, the package resolves itself by name.
    const r = spawnSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const w = await import('./bundle.mjs');
       try { w.signJdmeToken('fake-vt', '1'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, robotwire: e instanceof w.RobotwireError })); }`,
    ], { cwd: dir, encoding: 'utf8' });
    const out = JSON.parse(r.stdout);
    assert.equal(out.code, 'wasm_not_found');
    assert.equal(out.robotwire, true);
    assert.match(out.message, /robotwire\/wasm\/jdme-webhook module is neither at file:.*pkg\/jdme_webhook_bg\.wasm nor resolvable from the bundle or /);
    assert.match(out.message, /install robotwire where the server runs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only the boundary files under js/src/wasm know the wasm glue exists', async () => {
  const { readdirSync } = await import('node:fs');
  const { join, relative } = await import('node:path');
  const src = new URL('../../js/src/', import.meta.url).pathname;
  const files = readdirSync(src, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(src, f));
  assert.ok(files.length > 50, `${files.length} source files`);
  const offenders = [];
  for (const file of files) {
    const rel = relative(src, file);
    if (rel.startsWith('wasm/')) continue;
    const text = readFileSync(file, 'utf8');
    // The raw accessors (gone, but a comeback would be caught) and any import of the glue itself.
    if (/\b(outboundCore|webhookCore|yjiyunCore)\b/.test(text)) offenders.push(`${rel}: a raw glue accessor`);
    if (/from\s+['"][^'"]*\/pkg\//.test(text) || /import\(\s*['"][^'"]*\/pkg\//.test(text)) offenders.push(`${rel}: imports pkg/`);
  }
  assert.deepEqual(offenders, []);
  // The boundary files themselves no longer export the raw glue.
  for (const f of ['jdme-outbound.ts', 'jdme-webhook.ts', 'yjiyun.ts']) {
    assert.doesNotMatch(readFileSync(join(src, 'wasm', f), 'utf8'), /export function (outboundCore|webhookCore|yjiyunCore)\b/, f);
  }
});
