// Issue 13: the verifier hands non-ASCII answers to JS as UTF-16 (src/utf16.rs: ASCII 16 bytes
// at a time, runs of 3-byte sequences four at a time in wasm SIMD, the rest one by one), ASCII
// answers as bytes. Every event text must arrive exactly as sent: random mixtures of 1- to
// 4-byte characters at every alignment, through the Node handler (Buffer reading, plaintext
// and encrypted, both AES paths) and the raw module read with TextDecoder (the edge reading).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createJdmeWebhook } from 'robotwire';
import * as glue from '../../pkg/jdme_webhook.js';
import { VT, KEY, chatEvent, encryptedBody } from './helpers.mjs';

const { memory } = glue.initSync({ module: new WebAssembly.Module(fs.readFileSync(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url))) });

// xorshift32: reproducible, and independent of the code under test.
let x = 0x2545f491;
const rnd = (n) => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) % n;
};
const POOL = ['a', ' ', '"', '\\', '\n', 'é', 'ß', 'ǅ', '京', '东', '，', '。', '\u0800', '\uffff', '\ufeff', '😀', '𠀀', '\u{10ffff}'];
function randomText() {
  const runs = rnd(6) + 1;
  let s = 'a'.repeat(rnd(17));
  for (let r = 0; r < runs; r++) {
    const c = POOL[rnd(POOL.length)];
    s += rnd(3) === 0 ? c.repeat(rnd(40)) : Array.from({ length: rnd(30) }, () => POOL[rnd(POOL.length)]).join('');
  }
  return s;
}

test('every text arrives exactly: Node handler (plaintext, encrypted, both AES paths) and the raw module read with TextDecoder', async () => {
  const got = [];
  const plainHook = createJdmeWebhook({ verificationToken: VT }).onAny((ev) => void got.push(ev.event.body.content));
  const encHook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onAny((ev) => void got.push(ev.event.body.content));
  const raw = new glue.JdmeVerifier(VT, null, 300_000, -1, 1 << 20);
  const read = (n) => {
    const units = Math.floor(n / 2);
    const ptr = raw.answerPtr();
    return n % 2 ? new TextDecoder('utf-16le').decode(new Uint16Array(memory.buffer, ptr, units)) : new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, units));
  };
  let wide = 0;
  for (let i = 0; i < 1500; i++) {
    // Long texts every so often, so bodies cross the 1 KB host-AES threshold.
    const text = i % 10 === 0 ? randomText().repeat(rnd(60) + 1) : randomText();
    const ev = chatEvent();
    ev.event.body.content = text;
    const body = JSON.stringify(ev);
    for (const [hook, b] of [[plainHook, body], [encHook, encryptedBody(ev)]]) {
      const r = await hook.handleBody(Buffer.from(b));
      await r.done;
      assert.equal(r.status, 200, r.body);
      assert.equal(got.pop(), text, `case ${i}`);
    }
    const n = raw.verify(Buffer.from(body), Date.now());
    wide += n % 2;
    const packed = read(n);
    assert.equal(packed.slice(packed.indexOf('\n') + 1), body, `case ${i}, raw`);
  }
  assert.ok(wide > 1000, `most answers were UTF-16 (${wide})`);
});

test('an ASCII answer comes as bytes, a non-ASCII one as UTF-16', () => {
  const v = new glue.JdmeVerifier(VT, null, 300_000, -1, 1 << 20);
  const ascii = chatEvent();
  assert.equal(v.verify(Buffer.from(JSON.stringify(ascii)), Date.now()) % 2, 0);
  ascii.event.body.content = '你好';
  assert.equal(v.verify(Buffer.from(JSON.stringify(ascii)), Date.now()) % 2, 1);
});
