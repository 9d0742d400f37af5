#!/usr/bin/env node
// Mutation fuzzing of the JD ME webhook: bodies derived from valid ones (an encrypted event, a
// plaintext event, a card callback) by random byte mutations, mutated ciphertexts, and
// mutated plaintexts sealed again with a valid key and token (so the inner paths run), all
// through ONE handler instance (`handleBody`). Reports traps (wasm RuntimeError, `internal`),
// untyped errors, 5xx, the slowest call and RSS. Ciphertexts come from node:crypto, not from
// robotwire. Exit code 1 on any trap, throw or 5xx.
//
//   node bench/fuzz.mjs [--count 1000000] [--seed N] [--max-seconds 900]
import { createCipheriv, createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const VT = 'fake-verification-token-fuzz-7c1d';
const KEY = 'fake-encrypt-key-fuzz-密钥-2e4f';

/** Deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = ['"', '{', '}', '[', ']', ',', ':', '\\', '\\u0000', '\\ud800', '1e999', '-0', '18446744073709551616', 'null', 'true', '"eventId":', '"token":', '"encrypt":', '\u00ff', '🤖', '\n'].map((s) => Buffer.from(s));

/**
 * Runs `count` mutated bodies through one webhook from `robotwire` (the module given). Returns
 * the figures; `failures` lists traps, throws and 5xx (at most 20 examples).
 */
export async function fuzz({ robotwire, count = 10_000, seed = 0xf022, maxSeconds = Infinity }) {
  const { createJdmeWebhook, signJdmeToken } = robotwire;
  const rnd = prng(seed);
  const int = (n) => Math.floor(rnd() * n);
  const NOW = 1_800_000_000_000;
  const key = createHash('sha256').update(KEY, 'utf8').digest();
  const seal = (plain) => {
    const iv = Buffer.from(Array.from({ length: 16 }, () => int(256)));
    const c = createCipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([iv, c.update(plain), c.final()]).toString('base64');
  };
  const token = signJdmeToken(VT, NOW);
  let seq = 0;
  const event = () =>
    Buffer.from(
      JSON.stringify({ eventId: `fz-${++seq}`, eventType: 'chat_message', timeStamp: NOW, robotPin: 'app.fake', token, event: { sender: { app: 'ee', pin: 'fake.u' }, chatType: 2, groupId: 'g', body: { type: 'text', content: `你好 ${seq}` } } }),
    );
  const card = () => Buffer.from(JSON.stringify({ reqType: 1 + int(2), token: VT, datetime: NOW, body: { cardMsgId: 'c1', robotId: 'r', data: { a: 1 } } }));
  const mutate = (buf) => {
    let b = Buffer.from(buf);
    for (let m = 1 + int(4); m > 0; m--) {
      const at = b.length ? int(b.length) : 0;
      switch (int(8)) {
        case 0: if (b.length) b[at] ^= 1 << int(8); break;
        case 1: if (b.length) b[at] = int(256); break;
        case 2: b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(8) }, () => int(256))), b.subarray(at)]); break;
        case 3: b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(16)))]); break;
        case 4: b = b.subarray(0, at); break;
        case 5: b = Buffer.concat([b.subarray(0, at), INTERESTING[int(INTERESTING.length)], b.subarray(at)]); break;
        case 6: { const len = 1 + int(32); b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]); break; }
        default: { const j = int(Math.max(1, b.length)); if (b.length) [b[at], b[j]] = [b[j], b[at]]; }
      }
    }
    return b;
  };
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
  const body = () => {
    switch (int(6)) {
      case 0: return mutate(Buffer.from(JSON.stringify({ encrypt: seal(event()) }))); // the whole envelope
      case 1: { // the ciphertext only (valid JSON around it)
        const c = seal(event()).split('');
        for (let m = 1 + int(3); m > 0; m--) c[int(c.length)] = B64[int(B64.length)];
        return Buffer.from(JSON.stringify({ encrypt: c.join('') }));
      }
      case 2: return Buffer.from(JSON.stringify({ encrypt: seal(mutate(event())) })); // inner JSON, valid crypto
      case 3: return mutate(event()); // a plaintext event (refused: downgrade), mutated
      case 4: return mutate(card());
      default: return Buffer.from(Array.from({ length: int(200) }, () => int(256))); // noise
    }
  };
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, now: () => NOW })
    .onAny(() => undefined)
    .onCard(() => ({ cardData: { ok: true } }));
  const statuses = {};
  const codes = {};
  const failures = [];
  let slowest = 0;
  let done = 0;
  const rss0 = process.memoryUsage().rss;
  let rssMax = rss0;
  const started = Date.now();
  for (; done < count && (Date.now() - started) / 1000 < maxSeconds; done++) {
    const b = body();
    const t0 = performance.now();
    let r;
    try {
      r = await hook.handleBody(b);
      await r.done;
    } catch (e) {
      if (failures.length < 20) failures.push(`threw ${e?.name}: ${String(e?.message).slice(0, 200)}`);
      else failures.push('');
      continue;
    }
    const ms = performance.now() - t0;
    if (ms > slowest) slowest = ms;
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    let code;
    try {
      code = JSON.parse(r.body).code;
    } catch {
      code = 'non-json';
    }
    codes[code] = (codes[code] ?? 0) + 1;
    if (r.status >= 500 || code === 'internal' || code === 'non-json') failures.push(failures.length < 20 ? `status ${r.status} code ${code} for ${JSON.stringify(b.subarray(0, 80).toString('latin1'))}` : '');
    if ((done & 4095) === 0) rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }
  // The same instance still verifies a good event afterwards.
  const good = await hook.handleBody(Buffer.from(JSON.stringify({ encrypt: seal(event()) })));
  if (good.status !== 200) failures.push(`the instance no longer verifies: ${good.status} ${good.body}`);
  rssMax = Math.max(rssMax, process.memoryUsage().rss);
  return { count: done, seconds: (Date.now() - started) / 1000, statuses, codes, failures, slowestMs: slowest, rssStartMB: rss0 / 1e6, rssMaxMB: rssMax / 1e6 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const robotwire = await import('robotwire');
  const r = await fuzz({ robotwire, count: arg('count', 1_000_000), seed: arg('seed', 0xf022), maxSeconds: arg('max-seconds', 900) });
  console.log(`fuzz: ${r.count} bodies in ${r.seconds.toFixed(1)} s (${Math.round(r.count / r.seconds)}/s), slowest ${r.slowestMs.toFixed(1)} ms, RSS ${r.rssStartMB.toFixed(0)} → max ${r.rssMaxMB.toFixed(0)} MB`);
  console.log(`fuzz: statuses ${JSON.stringify(r.statuses)}`);
  console.log(`fuzz: codes ${JSON.stringify(r.codes)}`);
  console.log(`fuzz: traps, throws, 5xx: ${r.failures.length}`);
  for (const f of r.failures.filter(Boolean)) console.log(`  ${f}`);
  process.exit(r.failures.length ? 1 : 0);
}
