// The independent Python vectors (tests/vectors/jdme_webhook.json) through the package as users
// import it, after proving the committed file is exactly what the Python generator writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDecipheriv, createHash } from 'node:crypto';
import { signJdmeToken, encryptJdmeEvent, decryptJdmeEvent, createJdmeWebhook } from 'robotwire';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GEN = join(ROOT, 'tests/vectors/gen_jdme_vectors.py');
const FILE = join(ROOT, 'tests/vectors/jdme_webhook.json');
const committed = readFileSync(FILE);
const doc = JSON.parse(committed.toString('utf8'));
const hexBytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));

test('the committed vectors are byte-for-byte what the Python generator writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'robotwire-vectors-'));
  try {
    const out = join(dir, 'jdme_webhook.json');
    const r = spawnSync('python3', [GEN, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, `python3 gen_jdme_vectors.py failed: ${r.stderr}`);
    const fresh = readFileSync(out);
    assert.ok(fresh.equals(committed), 'tests/vectors/jdme_webhook.json differs from a fresh run of gen_jdme_vectors.py');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vector file covers what it should', () => {
  assert.ok(doc.tokenVectors.length >= 32);
  assert.ok(doc.webhookVectors.length >= 10);
  const lengths = new Set(doc.aesVectors.map((v) => v.plaintextBytes));
  for (const n of [0, 1, 15, 16, 17, 31, 32, 33, 500, 1500, 16384]) assert.ok(lengths.has(n), `AES length ${n}`);
  assert.ok(doc.aesVectors.some((v) => /[\u4e00-\u9fff]/.test(v.plaintext)), 'Chinese plaintext');
  assert.ok(doc.aesVectors.some((v) => /\p{Extended_Pictographic}/u.test(v.plaintext)), 'emoji plaintext');
  assert.ok(doc.aesVectors.some((v) => /[^\x00-\x7f]/.test(v.encryptKey)), 'non-ASCII key');
});

test('signJdmeToken matches every token vector (string and number timeStamp)', () => {
  for (const v of doc.tokenVectors) {
    assert.equal(signJdmeToken(v.verificationToken, v.timeStamp), v.token, v.name);
    const n = Number(v.timeStamp);
    if (Number.isSafeInteger(n) && String(n) === v.timeStamp) assert.equal(signJdmeToken(v.verificationToken, n), v.token, v.name);
  }
});

test('encryptJdmeEvent with the vector IV gives the Python ciphertext; decryptJdmeEvent inverts it', () => {
  for (const v of doc.aesVectors) {
    assert.equal(encryptJdmeEvent(v.encryptKey, v.plaintext, { iv: hexBytes(v.iv) }), v.encrypt, v.name);
    assert.equal(decryptJdmeEvent(v.encryptKey, v.encrypt), v.plaintext, v.name);
    assert.equal(decryptJdmeEvent(v.encryptKey, { encrypt: v.encrypt }), v.plaintext, v.name);
    // a third, unrelated implementation (OpenSSL through node:crypto) agrees with the file
    const raw = Buffer.from(v.encrypt, 'base64');
    const d = createDecipheriv('aes-256-cbc', createHash('sha256').update(v.encryptKey, 'utf8').digest(), raw.subarray(0, 16));
    assert.equal(Buffer.concat([d.update(raw.subarray(16)), d.final()]).toString('utf8'), v.plaintext, v.name);
  }
});

test('tampered vectors are refused with the right code', () => {
  for (const v of doc.aesVectors) {
    const raw = Buffer.from(v.encrypt, 'base64');
    const t = Buffer.from(raw);
    t[t.length - 17] ^= 1; // last pad byte XOR 1: never valid PKCS#7
    assert.throws(() => decryptJdmeEvent(v.encryptKey, t.toString('base64')), { code: 'invalid_padding' }, v.name);
    assert.throws(() => decryptJdmeEvent(v.encryptKey, raw.subarray(0, raw.length - 1).toString('base64')), { code: 'invalid_ciphertext' }, v.name);
    assert.throws(() => decryptJdmeEvent(v.encryptKey, v.encrypt.slice(0, -1)), { code: 'invalid_base64' }, v.name);
  }
});

async function deliver(v, via) {
  const seen = [];
  const any = [];
  const errors = [];
  const hook = createJdmeWebhook({ verificationToken: v.verificationToken, encryptKey: v.encryptKey, now: () => v.timeStamp })
    .on(v.eventType, (ev, ctx) => seen.push([ev, ctx]))
    .onAny((ev) => any.push(ev.eventType))
    .onError((e) => errors.push(e));
  let status;
  let text;
  if (via === 'fetch') {
    const pending = [];
    const res = await hook.fetch(new Request('http://robot.invalid/jdme', { method: 'POST', body: v.body }), { waitUntil: (p) => pending.push(p) });
    status = res.status;
    text = await res.text();
    await Promise.all(pending);
  } else {
    const r = await hook.handleBody(via === 'bytes' ? new TextEncoder().encode(v.body) : v.body);
    status = r.status;
    text = r.body;
    await r.done;
  }
  return { status, text, seen, any, errors, hook };
}

test('createJdmeWebhook accepts every Python webhook body and dispatches the exact event', async () => {
  for (const v of doc.webhookVectors) {
    for (const via of ['string', 'bytes', 'fetch']) {
      const { status, text, seen, any, errors } = await deliver(v, via);
      assert.equal(status, 200, `${v.name} via ${via}: ${text}`);
      assert.deepEqual(JSON.parse(text), { code: 0, msg: 'success' });
      assert.deepEqual(errors, []);
      assert.equal(seen.length, 1, v.name);
      // Listeners get timeStamp as a number even when the platform sent its decimal string.
      const expected = JSON.parse(v.plaintext);
      if (typeof expected.timeStamp === 'string') expected.timeStamp = Number(expected.timeStamp);
      delete expected.token; // checked, then removed before listeners run
      assert.deepEqual(seen[0][0], expected, v.name);
      assert.deepEqual(seen[0][1], { eventId: v.eventId, eventType: v.eventType, possibleDuplicate: false });
      assert.deepEqual(any, [v.eventType]);
    }
    // our encryption of the same plaintext with the same IV is Python's body value
    assert.equal(encryptJdmeEvent(v.encryptKey, v.plaintext, { iv: hexBytes(v.iv) }), JSON.parse(v.body).encrypt, v.name);
    assert.equal(decryptJdmeEvent(v.encryptKey, JSON.parse(v.body)), v.plaintext, v.name);
  }
});

test('webhook vectors outside the window or under the wrong secrets are refused, nothing dispatched', async () => {
  for (const v of doc.webhookVectors) {
    const cases = [
      [{ verificationToken: v.verificationToken, encryptKey: v.encryptKey, now: () => v.timeStamp + 300_001 }, 'timestamp_out_of_window'],
      [{ verificationToken: v.verificationToken + 'x', encryptKey: v.encryptKey, now: () => v.timeStamp }, 'token_mismatch'],
      [{ verificationToken: v.verificationToken, encryptKey: 'fake-encrypt-key-wrong', now: () => v.timeStamp }, 'invalid_padding'],
    ];
    for (const [opts, reason] of cases) {
      let called = 0;
      const reasons = [];
      const hook = createJdmeWebhook(opts).onAny(() => called++).onError((e) => reasons.push(e.code));
      const r = await hook.handleBody(v.body);
      await r.done;
      // Every failure after decryption gets one answer (no padding oracle); onError has the reason.
      assert.equal(r.status, 401, `${v.name}: ${r.body}`);
      assert.equal(JSON.parse(r.body).code, 'event_not_verified', v.name);
      assert.deepEqual(reasons, [reason], v.name);
      assert.equal(called, 0);
    }
  }
});
