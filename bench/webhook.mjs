#!/usr/bin/env node
// Per-event cost of accepting a JD ME webhook POST: verify + decrypt + parse, for encrypted,
// signed events of 0.5, 1.5 and 16 KB of plaintext JSON. robotwire (through the handler and
// through the verifier the handler uses) against the same work done with node:crypto (how the
// Lark SDK and public JD ME plugins do it), WebCrypto `crypto.subtle` (what edge code uses),
// and the crypto-js npm package. Then the wasm cold start and size.
//
//   node bench/webhook.mjs              the Markdown tables (≈ 1 min on 2 cores)
//   node bench/webhook.mjs --quick      shorter rounds, for a smoke run
//   node bench/webhook.mjs --breakdown  also: where robotwire's time goes, per part
//
// Every contender gets the same body bytes (a Uint8Array, as an HTTP layer hands them over)
// and does the same work: UTF-8 decode + JSON.parse of the envelope, strict Base64 decode,
// AES-256-CBC with key = SHA-256(Encrypt Key) (derived ONCE, outside the loop, for everyone),
// strict PKCS#7 (every pad byte checked), strict UTF-8 decode, JSON.parse of the event, token =
// Base64(SHA-256(vt + "\n" + timeStamp)) compared in constant time, and the ±300 s replay
// window. Each contender's output is checked against the original event before timing, and
// each must refuse a tampered body, a forged token, non-strict Base64 and a stale timeStamp.
// Contenders of one size run in interleaved rounds (rotating order); the table shows the median
// round with min–max, and the median of per-round paired ratios (issue 13: the best round
// flattered the noisiest contender).
import { spawnSync } from 'node:child_process';
import nodeCrypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import CryptoJS from 'crypto-js';
import { createJdmeWebhook, encryptJdmeEvent, signJdmeToken, decryptJdmeEvent } from 'robotwire';
import * as glue from '../pkg/jdme_webhook.js';
import { VT, KEY, WINDOW_MS, SIZES, utf8, strictUtf8, makeCase as makeCaseOf, checkEventShape, checkWindow, envelope, jsCtEqual, webCryptoVerifier, answerReader } from './webhook-cases.mjs';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const BREAKDOWN = args.has('--breakdown');
const ROUNDS = QUICK ? 3 : 9;
const ROUND_MS = QUICK ? 60 : 120;
const WARM_MS = QUICK ? 100 : 300;
// Distinct events per size: enough that the handler, with its real default store (eventId and
// ciphertext dedupe), never sees one twice in a round (each round gets a fresh handler).
const poolSize = (bytes) => (QUICK ? 512 : bytes >= 16384 ? 1024 : 6144);
// Events, secrets, sizes and the strict JS checks (and the WebCrypto contender): shared with
// bench/webhook-workerd.mjs.
const makeCase = (bytes) => makeCaseOf(bytes, poolSize(bytes));

// The webhook module: the only one a webhook loads (see bench/wasm-sizes.mjs for all three).
const wasmUrl = new URL('../pkg/jdme_webhook_bg.wasm', import.meta.url);
const wasmBytes = fs.readFileSync(wasmUrl);
const root = fileURLToPath(new URL('..', import.meta.url));

// The verifier the handler wraps (js/src/jdme/webhook.ts #process: verify, then JSON.parse),
// from the same glue and .wasm, in its own instance.
const verifiedJson = answerReader(glue.initSync({ module: new WebAssembly.Module(wasmBytes) }).memory, true);

// ---------------------------------------------------------------------------------------------
// Contenders. Each `verify(bodyBytes, nowMs)` returns the parsed event or throws.

// node:crypto, as the Lark SDK's AESCipher and public JD ME plugins do it.
const nodeKey = nodeCrypto.createHash('sha256').update(KEY).digest();
function verifyNode(body, now) {
  const b64 = envelope(body);
  const raw = Buffer.from(b64, 'base64');
  if (raw.toString('base64') !== b64) throw new Error('bad base64'); // canonical round trip = strict
  if (raw.length < 32 || raw.length % 16 !== 0) throw new Error('bad ciphertext length');
  const d = nodeCrypto.createDecipheriv('aes-256-cbc', nodeKey, raw.subarray(0, 16)); // OpenSSL: strict PKCS#7
  const plain = Buffer.concat([d.update(raw.subarray(16)), d.final()]);
  const ev = JSON.parse(strictUtf8.decode(plain));
  const ts = checkEventShape(ev);
  const expected = nodeCrypto.createHash('sha256').update(`${VT}\n${ts}`).digest();
  const got = Buffer.from(ev.token, 'base64');
  if (got.length !== expected.length || !nodeCrypto.timingSafeEqual(got, expected) || got.toString('base64') !== ev.token) {
    throw new Error('token mismatch');
  }
  checkWindow(ts, now);
  return ev;
}

// WebCrypto, as edge code does it (no Buffer: atob + a byte loop, btoa for the token).
const subtle = globalThis.crypto.subtle;
const webKey = await subtle.importKey('raw', nodeKey, { name: 'AES-CBC' }, false, ['decrypt']);
const verifyWebCrypto = webCryptoVerifier(subtle, webKey);

// crypto-js: NoPadding + a strict PKCS#7 check (its Pkcs7.unpad only reads the last byte).
const cjsKey = CryptoJS.SHA256(KEY);
function verifyCryptoJs(body, now) {
  const b64 = envelope(body);
  const all = CryptoJS.enc.Base64.parse(b64);
  if (CryptoJS.enc.Base64.stringify(all) !== b64) throw new Error('bad base64'); // lenient parser: round trip
  if (all.sigBytes < 32 || all.sigBytes % 16 !== 0) throw new Error('bad ciphertext length');
  const iv = CryptoJS.lib.WordArray.create(all.words.slice(0, 4), 16);
  const ct = CryptoJS.lib.WordArray.create(all.words.slice(4), all.sigBytes - 16);
  const pt = CryptoJS.AES.decrypt({ ciphertext: ct }, cjsKey, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.NoPadding });
  const n = pt.sigBytes;
  const byteAt = (k) => (pt.words[k >>> 2] >>> (24 - (k % 4) * 8)) & 0xff;
  const pad = byteAt(n - 1);
  let bad = pad === 0 || pad > 16 ? 1 : 0;
  for (let k = 1; k <= 16; k++) if (k <= pad) bad |= byteAt(n - k) ^ pad;
  if (bad) throw new Error('bad padding');
  pt.sigBytes = n - pad;
  const ev = JSON.parse(CryptoJS.enc.Utf8.stringify(pt)); // throws "Malformed UTF-8 data"
  const ts = checkEventShape(ev);
  if (!jsCtEqual(CryptoJS.SHA256(`${VT}\n${ts}`).toString(CryptoJS.enc.Base64), ev.token)) throw new Error('token mismatch');
  checkWindow(ts, now);
  return ev;
}

// robotwire, low level: what the handler's #process does before dispatch. On the edge the core
// does everything (`verify`); in Node, bodies from HOST_AES_MIN_BODY (1024 B) go through
// js/src/wasm/jdme-webhook.ts verifyWithHost: the core opens the body, OpenSSL decrypts the
// blocks (core/host-node.ts: one ECB decipher per key), the core does the rest. Both rows are
// that code's calls, made here on the glue directly.
const verifier = new glue.JdmeVerifier(VT, KEY, WINDOW_MS, -1, 1 << 20);
function verifyCore(body, now) {
  return JSON.parse(verifiedJson(verifier, verifier.verify(body, now)));
}
const HOST_AES_MIN_BODY = 1024; // as in js/src/wasm/jdme-webhook.ts
const ecb = nodeCrypto.createDecipheriv('aes-256-ecb', nodeCrypto.createSecretKey(nodeCrypto.createHash('sha256').update(KEY).digest()), null);
ecb.setAutoPadding(false);
function verifyCoreNode(body, now) {
  if (body.length < HOST_AES_MIN_BODY) return verifyCore(body, now);
  const raw = verifier.ciphertext(body);
  return JSON.parse(verifiedJson(verifier, verifier.verifyDecrypted(ecb.update(raw.subarray(16)), raw, now)));
}

// robotwire, the handler: handleBody → verify → JSON.parse → dedupe in its real default store
// (a bounded MemoryStore: eventId and ciphertext) → dispatch. Each round gets a fresh handler and
// sees each event once, so every event takes the full accept path.
let lastHandled;
let clock = Date.now();
let hook;
function freshHook() {
  hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, now: () => clock }).onAny((ev) => {
    lastHandled = ev;
  });
}
freshHook();
async function verifyHandler(body, now) {
  clock = now;
  const r = await hook.handleBody(body);
  if (r.status !== 200) throw new Error(`handler answered ${r.status}: ${r.body}`);
  await r.done;
  return lastHandled;
}

const CONTENDERS = [
  { name: 'robotwire `handleBody` (Node handler: default store, dispatch)', short: 'handler', async: true, once: true, reset: freshHook, fn: verifyHandler },
  { name: 'robotwire core, Node (OpenSSL blocks from a 1 KB body) + `JSON.parse`', short: 'core', async: false, fn: verifyCoreNode },
  { name: 'robotwire core, wasm only (the edge path) + `JSON.parse`', short: 'wasm', async: false, fn: verifyCore },
  { name: '`node:crypto` (Lark SDK style)', short: 'node', async: false, fn: verifyNode },
  { name: 'WebCrypto `crypto.subtle` (async)', short: 'webcrypto', async: true, fn: verifyWebCrypto },
  { name: '`crypto-js` 4.2', short: 'crypto-js', async: false, fn: verifyCryptoJs },
];

async function selfCheck(c, k) {
  c.reset?.();
  const now = Date.now();
  for (const item of [k.pool[0], k.pool[1], k.pool.at(-1)]) {
    const got = await c.fn(item.body, now);
    // Listeners never see the token (under the plain scheme it is the secret itself).
    const { token: _token, ...withoutToken } = item.ev;
    if (!isDeepStrictEqual(got, c.short === 'handler' ? withoutToken : item.ev)) throw new Error(`${c.short}: wrong plaintext at ${k.bytes} B`);
  }
  for (const [what, body] of [['tampered', k.tampered], ['forged token', k.forged], ['whitespace in Base64', k.spaced]]) {
    let refused = false;
    try {
      await c.fn(body, now);
    } catch {
      refused = true;
    }
    if (!refused) throw new Error(`${c.short}: accepted a ${what} body`);
  }
  let stale = false;
  try {
    await c.fn(k.pool[0].body, now + WINDOW_MS + 60_000);
  } catch {
    stale = true;
  }
  if (!stale) throw new Error(`${c.short}: accepted a stale event`);
}

// ---------------------------------------------------------------------------------------------
// Timing: warm up, then ROUNDS rounds of ≈ ROUND_MS each; report the median round (ns/event).
// Events are handled one at a time (each awaited), the per-event cost a webhook request pays.

const hr = () => process.hrtime.bigint();

function runSync(fn, pool, ms) {
  const now = Date.now();
  const budget = BigInt(Math.round(ms * 1e6));
  let n = 0;
  const t0 = hr();
  let t = t0;
  let sink = 0;
  while (t - t0 < budget) {
    for (let j = 0; j < 64; j++) sink ^= fn(pool[(n + j) % pool.length].body, now).event.msgId.length;
    n += 64;
    t = hr();
  }
  if (sink === -1) console.log('');
  return Number(t - t0) / n;
}

// `once`: each event at most once (the handler with its real store would answer a repeat as a
// duplicate); the round then ends early when the pool runs out.
async function runAsync(fn, pool, ms, once = false) {
  const now = Date.now();
  const budget = BigInt(Math.round(ms * 1e6));
  let n = 0;
  const t0 = hr();
  let t = t0;
  let sink = 0;
  while (t - t0 < budget && !(once && n + 64 > pool.length)) {
    for (let j = 0; j < 64; j++) sink ^= (await fn(pool[(n + j) % pool.length].body, now)).event.msgId.length;
    n += 64;
    t = hr();
  }
  if (sink === -1) console.log('');
  return Number(t - t0) / n;
}

// All contenders of one size are measured in interleaved rounds (rotating order), so a noisy
// neighbour or a frequency change hits every contender alike instead of whichever ran then.
async function measureAll(contenders, pool) {
  const run = (c, ms) => {
    c.reset?.();
    return c.async ? runAsync(c.fn, pool, ms, c.once) : runSync(c.fn, pool, ms);
  };
  for (const c of contenders) await run(c, WARM_MS);
  const rounds = contenders.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const i = (j + r) % contenders.length;
      rounds[i].push(await run(contenders[i], ROUND_MS));
    }
  }
  // Medians with min–max; ratios are paired per round (the same round of two contenders ran
  // back to back, so a noisy neighbour hits both), then the median of those ratios is taken.
  return rounds.map((rs) => ({ rounds: rs, ns: median(rs), min: Math.min(...rs), max: Math.max(...rs) }));
}

/** The median of per-round ratios a/b, with their min–max. */
function paired(a, b) {
  const r = a.rounds.map((x, i) => x / b.rounds[i]);
  return `${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
}

// ---------------------------------------------------------------------------------------------
// Cold start: fresh processes, and compile/instantiate timed inside a fresh process.

function spawnOnce(argv) {
  const t0 = hr();
  const r = spawnSync(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const t = Number(hr() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return t;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Alternates baseline and subject spawns; returns medians and the median paired difference. */
function spawnPaired(base, subject, n) {
  spawnOnce(base);
  spawnOnce(subject);
  const b = [];
  const s = [];
  for (let i = 0; i < n; i++) {
    b.push(spawnOnce(base));
    s.push(spawnOnce(subject));
  }
  return { base: median(b), subject: median(s), diff: median(s.map((x, i) => x - b[i])) };
}

// Runs in a fresh process so V8's in-process native-module cache cannot serve the compile.
const COLD_SCRIPT = `
const fs = require('node:fs');
const hr = () => process.hrtime.bigint();
const t0 = hr();
const bytes = fs.readFileSync(${JSON.stringify(fileURLToPath(wasmUrl))});
const t1 = hr();
const [mode, vt, key, body] = process.argv.slice(1);
let module;
(async () => {
  if (mode === 'async') module = await WebAssembly.compile(bytes);
  else module = new WebAssembly.Module(bytes);
  const t2 = hr();
  const glue = await import(${JSON.stringify(new URL('../pkg/jdme_webhook.js', import.meta.url).href)});
  const t3 = hr();
  const { memory } = glue.initSync({ module });
  const t4 = hr();
  const v = new glue.JdmeVerifier(vt, key, 300000, -1, 1048576);
  const t5 = hr();
  const n = v.verify(Buffer.from(body), Date.now());
  const units = Math.floor(n / 2);
  const packed = Buffer.from(memory.buffer, v.answerPtr(), n % 2 ? units * 2 : units).toString(n % 2 ? 'utf16le' : 'latin1');
  const ev = JSON.parse(packed.slice(packed.indexOf('\\n') + 1));
  const t6 = hr();
  if (typeof ev.eventId !== 'string') throw new Error('first verify failed');
  process.stdout.write(JSON.stringify({ read: Number(t1 - t0), compile: Number(t2 - t1), instantiate: Number(t4 - t3), firstVerifier: Number(t5 - t4), firstVerify: Number(t6 - t5), total: Number(t2 - t1) + Number(t6 - t3) }));
})();
`;

/** `body`: an encrypted 1.5 KB event, verified once in the fresh process (issue 13: the first verify counts). */
function coldCompile(mode, n, body) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, ['-e', COLD_SCRIPT, mode, VT, KEY, body], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    runs.push(JSON.parse(r.stdout));
  }
  const med = (k) => {
    const v = runs.map((x) => x[k]).sort((a, b) => a - b);
    return v[v.length >> 1] / 1e6;
  };
  return { read: med('read'), compile: med('compile'), instantiate: med('instantiate'), firstVerifier: med('firstVerifier'), firstVerify: med('firstVerify'), total: med('total') };
}

// ---------------------------------------------------------------------------------------------
// Breakdown (--breakdown): the parts of robotwire's per-event cost observable from JS.

function timeSync(fn, ms = ROUND_MS) {
  for (let w = hr(); hr() - w < BigInt(WARM_MS * 1e6); ) for (let j = 0; j < 32; j++) fn(j);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = hr();
    let t = t0;
    while (t - t0 < BigInt(ms * 1e6)) {
      for (let j = 0; j < 32; j++) fn(n + j);
      n += 32;
      t = hr();
    }
    rounds.push(Number(t - t0) / n);
  }
  return Math.min(...rounds);
}

function breakdown(k) {
  const now = Date.now();
  const item = (i) => k.pool[i % k.pool.length];
  const plainVerifier = new glue.JdmeVerifier(VT, null, WINDOW_MS, -1, 1 << 20);
  const plainBodies = k.pool.map((p) => utf8.encode(p.text));
  const b64s = k.pool.map((p) => JSON.parse(Buffer.from(p.body).toString()).encrypt);
  const jsons = k.pool.map((p) => p.text);
  const ts = String(k.pool[0].ev.timeStamp);
  const tinyCipher = encryptJdmeEvent(KEY, '{}');
  const raws = k.pool.map((p) => verifier.ciphertext(p.body));
  const blocks = raws.map((raw) => ecb.update(raw.subarray(16)));
  return {
    'core: verify + JSON.parse': timeSync((i) => JSON.parse(verifiedJson(verifier, verifier.verify(item(i).body, now)))),
    'core: verify only (wasm + boundary)': timeSync((i) => verifier.verify(item(i).body, now)),
    'JSON.parse of the plaintext (JS)': timeSync((i) => JSON.parse(jsons[i % jsons.length])),
    'TextDecoder of the plaintext (≈ the string copy out)': timeSync((i) => strictUtf8.decode(plainBodies[i % plainBodies.length])),
    'jdmeDecrypt: key setup + Base64 + AES + string out': timeSync((i) => decryptJdmeEvent(KEY, b64s[i % b64s.length])),
    'jdmeDecrypt of a 1-block body (≈ key setup + call)': timeSync(() => decryptJdmeEvent(KEY, tinyCipher)),
    'verify of the plaintext body (no Base64/AES)': timeSync((i) => plainVerifier.verify(plainBodies[i % plainBodies.length], now)),
    'jdmeSignToken (SHA-256 + Base64 + call)': timeSync(() => signJdmeToken(VT, ts)),
    'Node path: `ciphertext` (size cap, JSON, Base64, copy out)': timeSync((i) => verifier.ciphertext(item(i).body)),
    'Node path: OpenSSL ECB `update` of the blocks': timeSync((i) => ecb.update(raws[i % raws.length].subarray(16))),
    'Node path: `verifyDecrypted` (chaining, padding, UTF-8, JSON, token, string out)': timeSync((i) => verifier.verifyDecrypted(blocks[i % blocks.length], raws[i % raws.length], now)),
  };
}

// ---------------------------------------------------------------------------------------------

const fmtRate = (ns) => Math.round(1e9 / ns).toLocaleString('en-US');

async function main() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`robotwire webhook bench — Node ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl}), ${os.cpus().length}× ${cpu.trim()}`);
  console.log(`${ROUNDS} interleaved rounds × ${ROUND_MS} ms after ${WARM_MS} ms warm-up; medians (min–max) and paired per-round ratios; ${SIZES.map(([l, b]) => `${poolSize(b)} distinct events at ${l}`).join(', ')}\n`);

  const cases = SIZES.map(([label, bytes]) => ({ label, ...makeCase(bytes) }));
  for (const k of cases) for (const c of CONTENDERS) await selfCheck(c, k);

  const results = [];
  for (const k of cases) {
    const row = { k, by: {} };
    const ms = await measureAll(CONTENDERS, k.pool);
    CONTENDERS.forEach((c, i) => (row.by[c.short] = ms[i]));
    results.push(row);
  }

  console.log('### Per event: verify + decrypt + parse (encrypted, signed `chat_message`)\n');
  const fmtNs = (m) => `${Math.round(m.ns).toLocaleString('en-US')} (${Math.round(m.min).toLocaleString('en-US')}–${Math.round(m.max).toLocaleString('en-US')})`;
  console.log('| plaintext (POST body) | implementation | ns/event, median (min–max) | events/s | ÷ node:crypto, paired | ÷ robotwire core, paired |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const { k, by } of results) {
    for (const c of CONTENDERS) {
      const m = by[c.short];
      console.log(`| ${k.label} (${(k.bodyBytes / 1024).toFixed(1)} KB) | ${c.name} | ${fmtNs(m)} | ${fmtRate(m.ns)} | ${paired(m, by.node)} | ${paired(m, by.core)} |`);
    }
  }
  console.log('\n(× > 1: slower than the one divided by. One event at a time, each awaited.)\n');

  const N = QUICK ? 5 : 15;
  const spawn = spawnPaired(['-e', ''], ['--input-type=module', '-e', "await import('robotwire')"], N);
  const coldBody = Buffer.from(cases[1].pool[0].body).toString();
  const sync = coldCompile('sync', N, coldBody);
  const asyncC = coldCompile('async', N, coldBody);
  const gz = zlib.gzipSync(wasmBytes, { level: 9 }).length;
  console.log('### Cold start and size\n');
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| \`jdme_webhook_bg.wasm\` raw | ${wasmBytes.length.toLocaleString('en-US')} B (${(wasmBytes.length / 1024).toFixed(1)} KiB) |`);
  console.log(`| \`jdme_webhook_bg.wasm\` gzip -9 | ${gz.toLocaleString('en-US')} B (${(gz / 1024).toFixed(1)} KiB) |`);
  console.log(`| \`node -e ""\` process (median of ${N}) | ${spawn.base.toFixed(1)} ms |`);
  console.log(`| \`import('robotwire')\` process (Node entry: read + compile + instantiate) | ${spawn.subject.toFixed(1)} ms |`);
  console.log(`| → cost of importing robotwire (median paired difference) | ${spawn.diff.toFixed(1)} ms |`);
  console.log(`| in a fresh process: read the .wasm | ${sync.read.toFixed(2)} ms |`);
  console.log(`| in a fresh process: \`new WebAssembly.Module(bytes)\` | ${sync.compile.toFixed(2)} ms |`);
  console.log(`| in a fresh process: \`await WebAssembly.compile(bytes)\` | ${asyncC.compile.toFixed(2)} ms |`);
  console.log(`| in a fresh process: instantiate (\`initSync\` with the module) | ${sync.instantiate.toFixed(2)} ms |`);
  console.log(`| in a fresh process: first \`JdmeVerifier\` (SHA-256 + AES key schedule) | ${sync.firstVerifier.toFixed(2)} ms |`);
  console.log(`| in a fresh process: first \`verify\` + \`JSON.parse\` (1.5 KB event) | ${sync.firstVerify.toFixed(2)} ms |`);
  console.log(`| **cold start: compile + instantiate + first verifier + first verify** (sync / async compile) | **${sync.total.toFixed(2)} / ${asyncC.total.toFixed(2)} ms** |`);

  if (BREAKDOWN) {
    console.log('\n### Where robotwire\'s time goes (JS-observable parts, ns/event)\n');
    const parts = cases.map((k) => breakdown(k));
    const names = Object.keys(parts[0]);
    console.log(`| part | ${cases.map((k) => k.label).join(' | ')} |`);
    console.log(`|---|${cases.map(() => '---:').join('|')}|`);
    for (const name of names) console.log(`| ${name} | ${parts.map((p) => Math.round(p[name]).toLocaleString('en-US')).join(' | ')} |`);
  }
}

await main();
