// Issue 13: in Node the webhook decrypts events from a body size up (1 KB) with OpenSSL (one
// long-lived AES-256-ECB decipher; the wasm core undoes CBC's chaining and checks the padding),
// smaller ones with the core's own AES. Both paths must give the same answer to everything:
// here every outcome of the handler (Node entry) is compared with the pure-wasm verifier
// (the glue the edge entries use) on bodies from 0.2 to 20 KB, valid and broken every way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as glue from '../../pkg/jdme_webhook.js';
import { VT, KEY, chatEvent } from './helpers.mjs';

const { memory } = glue.initSync({ module: new WebAssembly.Module(fs.readFileSync(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url))) });

/** The answer a verify call left in wasm memory (n = units × 2 + wide), read with TextDecoder. */
function answer(v, n) {
  const units = Math.floor(n / 2);
  const ptr = v.answerPtr();
  return n % 2 ? new TextDecoder('utf-16le').decode(new Uint16Array(memory.buffer, ptr, units)) : new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, units));
}

/** createDecipheriv, counted by algorithm, while `f` runs (the ESM binding too); `updates` counts the deciphers' `update` calls from then on. */
const updates = { n: 0 };
async function countingDeciphers(f) {
  const original = crypto.createDecipheriv;
  const seen = [];
  crypto.createDecipheriv = function (alg, ...rest) {
    seen.push(alg);
    const d = original.call(this, alg, ...rest);
    const update = d.update;
    d.update = function (...args) {
      updates.n++;
      return update.apply(this, args);
    };
    return d;
  };
  syncBuiltinESMExports();
  try {
    await f();
  } finally {
    crypto.createDecipheriv = original;
    syncBuiltinESMExports();
  }
  return seen;
}

function encrypt(plaintext, key = KEY, iv = crypto.randomBytes(16)) {
  const c = crypto.createCipheriv('aes-256-cbc', crypto.createHash('sha256').update(key).digest(), iv);
  return Buffer.concat([iv, c.update(plaintext), c.final()]);
}

/** An event whose JSON is about `bytes` long. */
function eventOfSize(bytes, i) {
  const ev = chatEvent({ eventId: `host-aes-${bytes}-${i}-${crypto.randomUUID()}` });
  ev.event.body.content = '京ME 你好 hello '.repeat(Math.max(0, Math.ceil((bytes - 420) / 19)));
  return ev;
}

/** Bodies that exercise every refusal the decryption can cause, and the valid one. */
function variants(bytes, i) {
  const ev = eventOfSize(bytes, i);
  const plain = Buffer.from(JSON.stringify(ev));
  const raw = encrypt(plain);
  const out = { valid: raw };
  const pad = Buffer.from(raw);
  pad[pad.length - 17] ^= 0x80; // the byte CBC XORs into the pad length: always bad padding
  out.badPadding = pad;
  out.wrongKey = encrypt(plain, 'fake-other-key');
  out.garbage = crypto.randomBytes(raw.length);
  out.oneBlockShort = raw.subarray(0, raw.length - 16);
  out.notWhole = raw.subarray(0, raw.length - 5);
  out.ivOnly = raw.subarray(0, 16);
  // Valid padding over a plaintext that is not UTF-8 / not JSON.
  out.notUtf8 = encrypt(Buffer.concat([plain.subarray(0, 40), Buffer.from([0xff, 0xfe]), plain.subarray(40)]));
  out.notJson = encrypt(Buffer.from(`x${plain.toString()}`));
  const body = (b) => Buffer.from(JSON.stringify({ encrypt: typeof b === 'string' ? b : b.toString('base64') }));
  const bodies = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, body(v)]));
  bodies.spacedBase64 = body(`${raw.toString('base64').slice(0, 8)} ${raw.toString('base64').slice(8)}`);
  return { ev, bodies };
}

/** What the pure-wasm verifier says: `ok:<eventId>` or the error code. */
function wasmOutcome(verifier, body) {
  try {
    const packed = answer(verifier, verifier.verify(body, Date.now()));
    return `ok:${JSON.parse(packed.slice(packed.indexOf('\n') + 1)).eventId}`;
  } catch (e) {
    return e.sealed ? `sealed:${e.code}` : e.code;
  }
}

test('Node decrypts with one OpenSSL ECB decipher per webhook; every outcome equals the pure-wasm core, 0.2 to 20 KB', async () => {
  const { createJdmeWebhook } = await import('robotwire');
  const wasm = new glue.JdmeVerifier(VT, KEY, 300_000, -1, 1 << 20);
  let hook;
  const seen = [];
  const reasons = [];
  const algs = await countingDeciphers(() => {
    hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY })
      .onAny((ev) => void seen.push(ev.eventId))
      .onError((e) => void reasons.push(e.code));
  });
  assert.deepEqual(algs, ['aes-256-ecb'], 'the Node entry provides OpenSSL, created once');
  let compared = 0;
  for (const bytes of [200, 380, 600, 700, 760, 1500, 5000, 20_000]) {
    for (let i = 0; i < 4; i++) {
      const { ev, bodies } = variants(bytes, i);
      for (const [name, body] of Object.entries(bodies)) {
        const expected = wasmOutcome(wasm, body);
        const before = updates.n;
        const r = await hook.handleBody(body);
        await r.done;
        // OpenSSL runs on every body from 1024 bytes (HOST_AES_MIN_BODY) whose Base64 holds whole blocks, never below.
        const decodable = !['spacedBase64', 'notWhole', 'ivOnly'].includes(name) && !(name === 'oneBlockShort' && body.length < 80);
        assert.equal(updates.n - before, body.length >= 1024 && decodable ? 1 : 0, `${name} at ${body.length} B: OpenSSL calls`);
        // A failure after decryption is answered `event_not_verified` whatever it was (no
        // padding oracle): compared as `sealed:<the reason onError got>`.
        const answered = r.status === 200 ? undefined : JSON.parse(r.body).code;
        const got = r.status === 200 ? `ok:${seen.at(-1)}` : answered === 'event_not_verified' ? `sealed:${reasons.at(-1)}` : answered;
        assert.equal(got, expected, `${name} at ${body.length} B`);
        if (name === 'valid') assert.equal(got, `ok:${ev.eventId}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 8 * 4 * 10);
});

test('the core finishes CBC for a host: chaining, padding and the ciphertext tag match its own decryption', () => {
  const v = new glue.JdmeVerifier(VT, KEY, 300_000, -1, 1 << 20);
  const ecb = crypto.createDecipheriv('aes-256-ecb', crypto.createHash('sha256').update(KEY).digest(), null);
  ecb.setAutoPadding(false);
  for (let i = 0; i < 300; i++) {
    const { bodies } = variants(200 + i * 37, i);
    for (const body of Object.values(bodies)) {
      let own;
      try {
        own = answer(v, v.verify(body, Date.now()));
      } catch (e) {
        own = e.code;
      }
      let host;
      try {
        const raw = v.ciphertext(body);
        host = raw === undefined ? 'not encrypted' : answer(v, v.verifyDecrypted(ecb.update(raw.subarray(16)), raw, Date.now()));
      } catch (e) {
        host = e.code;
      }
      // The packed answer includes the ciphertext tag (the dedupe key): identical too.
      assert.equal(host, own);
    }
  }
});

test('the host half refuses what does not fit, with a typed error and a working instance after', () => {
  const v = new glue.JdmeVerifier(VT, KEY, 300_000, -1, 1 << 20);
  const raw = v.ciphertext(Buffer.from(JSON.stringify({ encrypt: encrypt(Buffer.from('{}')).toString('base64') })));
  for (const [blocks, r] of [
    [new Uint8Array(15), raw],
    [new Uint8Array(32), raw],
    [new Uint8Array(0), raw.subarray(0, 16)],
    [new Uint8Array(16), raw.subarray(0, 20)],
  ]) {
    assert.throws(() => v.verifyDecrypted(blocks, r, Date.now()), (e) => e.code === 'invalid_argument');
  }
  assert.equal(v.ciphertext(Buffer.from(JSON.stringify(chatEvent()))), undefined, 'a plaintext body has no ciphertext');
  assert.throws(() => v.ciphertext(Buffer.from('{"encrypt":"abc"}')), (e) => e.code === 'invalid_base64');
  // The instance survived.
  const ok = v.verify(Buffer.from(JSON.stringify({ encrypt: encrypt(Buffer.from(JSON.stringify(chatEvent()))).toString('base64') })), Date.now());
  assert.match(answer(v, ok), /^event\t/);
});
