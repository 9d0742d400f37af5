// The JD ME webhook inside real workerd (Cloudflare's runtime) through miniflare: the
// fixture worker imports `robotwire` and is bundled the way wrangler bundles it (esbuild,
// conditions workerd/worker/browser, `.wasm` imports copied next to the bundle and loaded by
// the CompiledWasm module rule). Requests go through dispatchFetch and real loopback HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { bundleWorker, workerOptions } from './bundle-workerd.mjs';
import { Miniflare } from 'miniflare';
import { VT, KEY, chatEvent, cardCallback, encryptedBody, tamperPadding, runtimeImports, nodeImports, until } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url));

let dir;
let bundle;
let metafile;
let copied;
let mf;
let httpUrl;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'robotwire-workerd-'));
  ({ metafile, copied } = await bundleWorker(fixture, dir));
  bundle = fs.readFileSync(path.join(dir, 'worker.mjs'), 'utf8');
  mf = new Miniflare(workerOptions(dir, { bindings: { VERIFICATION_TOKEN: VT, ENCRYPT_KEY: KEY }, host: '127.0.0.1', port: 0 }));
  httpUrl = await mf.ready;
});

after(async () => {
  await mf?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const hook = (body) => mf.dispatchFetch('http://robot.invalid/hook', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
const events = async () => (await (await mf.dispatchFetch('http://robot.invalid/events')).json()).seen;

test('the bundle resolved robotwire to the workerd flavour and imports nothing but its .wasm modules', () => {
  const inputs = Object.keys(metafile.inputs);
  assert.ok(inputs.includes('dist/edge/workerd.mjs'), `inputs: ${inputs.join(', ')}`);
  assert.ok(!inputs.some((p) => p.startsWith('dist/node/')), 'the Node build leaked into the bundle');
  // `robotwire` is the JD ME API: its webhook and outbound modules, never the 有机云 one.
  const modules = ['./jdme_webhook_bg.wasm', './jdme_outbound_bg.wasm'];
  assert.deepEqual([...copied.keys()].sort(), ['jdme_outbound_bg.wasm', 'jdme_webhook_bg.wasm']);
  const [output] = Object.values(metafile.outputs);
  assert.deepEqual(output.imports.map((i) => i.path).sort(), [...modules].sort());
  assert.deepEqual(runtimeImports(bundle).sort(), [...modules].sort());
  assert.deepEqual(nodeImports(bundle), [], 'the bundle loads a node: module');
  // Control: the same scan does see the Node build's node: imports.
  assert.ok(nodeImports(fs.readFileSync(path.join(root, 'dist/node/index.mjs'), 'utf8')).includes('node:fs'));
});

test('encrypted, signed event → 200, typed listener sees it via ctx.waitUntil, once', async () => {
  const ev = chatEvent();
  const res = await hook(encryptedBody(ev));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await res.json(), { code: 0, msg: 'success' });
  assert.equal(res.headers.get('x-wait-until'), '1', 'the background dispatch was handed to ctx.waitUntil');
  let seen = await until(events, (s) => s.some((x) => x.via === 'chat_message' && x.eventId === ev.eventId));
  const typed = seen.find((x) => x.via === 'chat_message' && x.eventId === ev.eventId);
  assert.ok(typed, JSON.stringify(seen));
  const { token: _token, ...withoutToken } = ev;
  assert.deepEqual(typed.event, withoutToken, 'the event as sent, less its checked token');
  assert.equal(typed.eventType, 'chat_message');
  assert.equal(typed.event.event.body.content, '@robot hello');
  assert.ok(seen.some((x) => x.via === 'any' && x.eventId === ev.eventId));

  // Redelivery (fresh IV, same eventId): answered 200 and not dispatched again.
  const dup = await hook(encryptedBody(ev));
  assert.equal(dup.status, 200);
  assert.deepEqual(await dup.json(), { code: 0, msg: 'success' });
  assert.equal(dup.headers.get('x-wait-until'), '0');
  await new Promise((r) => setTimeout(r, 50));
  seen = await events();
  assert.equal(seen.filter((x) => x.eventId === ev.eventId).length, 2, 'one typed + one onAny record, no more');
});

test('Chinese, emoji and every UTF-8 length arrive exactly (the answer read as UTF-16 with TextDecoder in workerd)', async () => {
  const ev = chatEvent();
  ev.event.body.content = '京ME 你好，世界 😀 é ß \u0800\uffff ' + '中文消息'.repeat(1500);
  const res = await hook(encryptedBody(ev));
  assert.equal(res.status, 200);
  const seen = await until(events, (s) => s.some((x) => x.via === 'chat_message' && x.eventId === ev.eventId));
  assert.equal(seen.find((x) => x.via === 'chat_message' && x.eventId === ev.eventId).event.event.body.content, ev.event.body.content);
});

test('tampered ciphertext, wrong token, wrong key: one answer, 401 event_not_verified (no padding oracle); nothing dispatched', async () => {
  const before = (await events()).length;
  const tampered = chatEvent();
  const r1 = await hook(tamperPadding(encryptedBody(tampered)));
  assert.equal(r1.status, 401);
  const sealed = await r1.json();
  assert.equal(sealed.code, 'event_not_verified');

  const forged = chatEvent({ vt: 'fake-other-token' });
  const r2 = await hook(encryptedBody(forged));
  assert.equal(r2.status, 401);
  assert.deepEqual(await r2.json(), sealed);

  const wrongKey = await hook(encryptedBody(chatEvent(), 'fake-other-encrypt-key'));
  assert.equal(wrongKey.status, 401);
  assert.deepEqual(await wrongKey.json(), sealed);

  const plain = await hook(JSON.stringify(chatEvent()));
  assert.equal(plain.status, 401);
  assert.equal((await plain.json()).code, 'encryption_required');

  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await events()).length, before);
});

test('tokenScheme: an async WebCrypto function verifies in workerd; a mismatch names custom; stats per scheme', async () => {
  const ev = chatEvent();
  ev.token = createHash('sha512').update(`${ev.timeStamp}:${VT}`).digest('hex');
  const custom = (body) => mf.dispatchFetch('http://robot.invalid/hook-custom', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const ok = await custom(encryptedBody(ev));
  assert.equal(ok.status, 200);
  const seen = await until(events, (s) => s.some((x) => x.via === 'custom' && x.eventId === ev.eventId));
  assert.ok(seen.some((x) => x.via === 'custom' && x.eventId === ev.eventId));
  const sha = await custom(encryptedBody(chatEvent()));
  assert.equal(sha.status, 401, 'the default SHA-256 form is not what the function computes');
  assert.equal((await sha.json()).code, 'event_not_verified', 'encrypted: the one answer after decryption');
  assert.deepEqual(JSON.parse(sha.headers.get('x-token-stats')).event, { matched: { custom: 1 }, mismatched: { custom: 1 } });
  const card = await custom(JSON.stringify(cardCallback(2)));
  assert.equal(card.status, 200, 'cards: plain');
});

test('stale timeStamp (10 min old, validly signed, encrypted) → 401 event_not_verified', async () => {
  const res = await hook(encryptedBody(chatEvent({ timeStamp: Date.now() - 600_000 })));
  assert.equal(res.status, 401);
  assert.equal((await res.json()).code, 'event_not_verified');
});

test('card callbacks: reqType 2 → toast with code 1, reqType 1 → card data with code 1', async () => {
  const r2 = await hook(JSON.stringify(cardCallback(2)));
  assert.equal(r2.status, 200);
  const a2 = await r2.json();
  assert.equal(a2.code, 1);
  assert.deepEqual(a2.data.promptInfo, { type: 'toast', style: 'success', content: 'clicked ok' });
  const r1 = await hook(encryptedBody(cardCallback(1)));
  const a1 = await r1.json();
  assert.equal(a1.code, 1);
  assert.deepEqual(a1.data, { cardMsgId: 'card-1', cardData: { updated: true } });
  const bad = await hook(JSON.stringify(cardCallback(2, { token: 'fake-wrong' })));
  assert.equal(bad.status, 401);
});

test('over real HTTP on 127.0.0.1: POST works end to end, GET is 405', async () => {
  assert.equal(httpUrl.hostname, '127.0.0.1');
  const ev = chatEvent({ content: 'over http' });
  const res = await fetch(new URL('/hook', httpUrl), { method: 'POST', body: encryptedBody(ev), headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { code: 0, msg: 'success' });
  const seen = await until(events, (s) => s.some((x) => x.via === 'chat_message' && x.eventId === ev.eventId));
  assert.equal(seen.find((x) => x.via === 'chat_message' && x.eventId === ev.eventId)?.event.event.body.content, 'over http');
  const get = await fetch(new URL('/hook', httpUrl));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  await get.arrayBuffer();
  const state = await (await fetch(new URL('/events', httpUrl))).json();
  assert.equal(state.wasmReady, true);
});
