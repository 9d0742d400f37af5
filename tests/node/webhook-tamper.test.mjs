// Issue 11 part 1: CBC has no integrity check, and the token signs only the timeStamp, so whoever
// captures one encrypted body can rewrite its IV, and with it the first 16 plaintext bytes
// (`{"eventId":"sh77` in the seed's own events), inside the replay window. Such copies must not
// become new events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJdmeWebhook, MemoryStore, encryptJdmeEvent, signJdmeToken } from 'robotwire';
import { VT, KEY, tick } from './helpers.mjs';

/** An event the seed's way round: eventId first, so the IV reaches it. */
function seedEvent(eventId, body = {}) {
  const timeStamp = Date.now();
  return { eventId, eventType: 'chat_message', timeStamp, robotPin: 'app.fake', event: { body: { type: 'text', content: 'hi', ...body } }, token: signJdmeToken(VT, timeStamp) };
}

/** The captured `encrypt` with plaintext bytes [at, at + to.length) rewritten through the IV. */
function rewriteThroughIv(encrypt, at, from, to) {
  const raw = Buffer.from(encrypt, 'base64');
  for (let i = 0; i < to.length; i++) raw[at + i] ^= from.charCodeAt(i) ^ to.charCodeAt(i);
  return raw.toString('base64');
}

async function deliver(hook, body) {
  const res = await hook.fetch(new Request('http://robot.invalid/hook', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }));
  return { status: res.status, body: await res.json() };
}

test('one captured body, 16 IV rewrites of its eventId: dispatched once, every copy refused', async () => {
  const seen = [];
  const errors = [];
  const store = new MemoryStore();
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, store }).onAny((ev) => seen.push(ev.eventId));
  hook.onError((e) => errors.push(e.code));
  const encrypt = encryptJdmeEvent(KEY, seedEvent('sh77ad7a8dchhxgdd'));
  assert.equal((await deliver(hook, { encrypt })).status, 200);
  const prefix = '{"eventId":"'.length; // 12: the IV reaches plaintext bytes 0..15
  for (let n = 0; n < 16; n++) {
    const forgedId = `x${n.toString(16)}77`;
    const forged = rewriteThroughIv(encrypt, prefix, 'sh77', forgedId);
    const r = await deliver(hook, { encrypt: forged });
    assert.equal(r.status, 400, `copy ${n}`);
    assert.equal(r.body.code, 'replayed_ciphertext');
    // The forged id is not left behind to shadow a real event.
    assert.equal(await store.get(`robotwire:jdme:event:${forgedId}ad7a8dchhxgdd`), null);
  }
  await tick();
  assert.deepEqual(seen, ['sh77ad7a8dchhxgdd']);
  assert.equal(errors.filter((c) => c === 'replayed_ciphertext').length, 16, 'each refusal reported');
  // The platform's own retry of the same body is still a plain duplicate: 200, not dispatched.
  assert.equal((await deliver(hook, { encrypt })).status, 200);
  await tick();
  assert.equal(seen.length, 1);
  // A real event whose id one of the forgeries used is still dispatched.
  assert.equal((await deliver(hook, { encrypt: encryptJdmeEvent(KEY, seedEvent('x077ad7a8dchhxgdd')) })).status, 200);
  await tick();
  assert.deepEqual(seen, ['sh77ad7a8dchhxgdd', 'x077ad7a8dchhxgdd']);
});

test('an IV rewrite that renames the eventId key is refused: every event needs a string eventId', async () => {
  const seen = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onAny((ev) => seen.push(ev));
  const encrypt = encryptJdmeEvent(KEY, seedEvent('sh77ad7a8dchhxgdd'));
  const renamed = rewriteThroughIv(encrypt, 2, 'eventId', 'eventIX');
  const reasons = [];
  hook.onError((e) => reasons.push(e.code));
  for (let i = 0; i < 3; i++) {
    const r = await deliver(hook, { encrypt: renamed });
    // Encrypted: answered like every failure after decryption; onError has the reason.
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'event_not_verified');
  }
  assert.deepEqual(reasons, ['missing_field', 'missing_field', 'missing_field']);
  // Plaintext robots too: no eventId, an empty one, or a number.
  const plain = createJdmeWebhook({ verificationToken: VT }).onAny((ev) => seen.push(ev));
  const { eventId, ...rest } = seedEvent('e1');
  for (const body of [rest, { ...rest, eventId: '' }, { ...rest, eventId: 7 }]) {
    assert.equal((await deliver(plain, body)).status, 400, JSON.stringify(body).slice(0, 40));
  }
  await tick();
  assert.equal(seen.length, 0);
});

test('a top-level name given twice is refused, so listeners never see another eventId than the one deduplicated', async () => {
  const seen = [];
  const hook = createJdmeWebhook({ verificationToken: VT }).onAny((ev) => seen.push(ev.eventId));
  const ev = seedEvent('a');
  const twice = JSON.stringify(ev).replace('{"eventId":"a",', '{"eventId":"a","eventId":"b",');
  const r = await deliver(hook, twice);
  assert.equal(r.status, 400);
  assert.match(r.body.msg, /duplicate field `eventId`/);
  const event = JSON.stringify(ev).replace('"event":', '"event":{},"event":');
  assert.equal((await deliver(hook, event)).status, 400);
  const enc = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onAny((e) => seen.push(e.eventId));
  assert.equal((await deliver(enc, JSON.stringify({ encrypt: encryptJdmeEvent(KEY, JSON.parse(twice.replace('"eventId":"a",', ''))) }))).status, 200, 'control');
  await tick();
  assert.deepEqual(seen, ['b']);
});

test('no padding oracle: all 256 guesses at a padding byte get the same answer, for both AES paths', async () => {
  // The first step of Vaudenay's attack: flip the last byte of the next-to-last block through
  // all 256 values; exactly the guesses that make the plaintext end in valid padding differ
  // inside (JSON or token failure instead of a padding failure). If the answers differed too,
  // a captured event could be decrypted byte by byte. Short and long bodies: the pure-wasm AES
  // and (from 1 KB, in Node) OpenSSL's.
  for (const content of ['hi', 'long '.repeat(400)]) {
    const reasons = [];
    const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onError((e) => reasons.push(e.code));
    const raw = Buffer.from(encryptJdmeEvent(KEY, seedEvent(`oracle-${content.length}`, { content })), 'base64');
    const answers = new Set();
    for (let g = 0; g < 256; g++) {
      const t = Buffer.from(raw);
      t[t.length - 17] ^= g;
      if (g === 0) continue; // the untouched body is valid
      const r = await deliver(hook, { encrypt: t.toString('base64') });
      answers.add(`${r.status} ${JSON.stringify(r.body)}`);
    }
    assert.deepEqual([...answers], ['401 {"code":"event_not_verified","msg":"the encrypted event did not decrypt and verify; the reason is in the receiver logs"}']);
    // The oracle exists inside: some guesses passed the padding and failed later.
    const kinds = new Set(reasons);
    assert.ok(kinds.has('invalid_padding') && kinds.size > 1, [...kinds].join());
  }
});
