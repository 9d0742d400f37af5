// The webhook module's AES-256-CBC (crates/aes-x8, bitsliced in wasm SIMD: the `v128` backend
// that `cargo test` cannot run natively) against OpenSSL through node:crypto, an implementation
// we did not write: 10^6 random keys, IVs and messages, decrypted through the public
// `decryptJdmeEvent` (key = SHA-256 of the Encrypt Key, as the seed defines it). Then random
// ciphertexts that were never encrypted: OpenSSL's PKCS#7 verdict and ours must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { decryptJdmeEvent } from 'robotwire';

const CASES = 1_000_000;

/** A random printable ASCII message of 0..`max` bytes (the API hands the plaintext back as text). */
function message(rand, max) {
  const n = rand.readUInt16LE(0) % (max + 1);
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = 0x20 + (rand[2 + (i % 60)] ^ i) % 0x5f;
  return out;
}

test(`wasm AES-256-CBC decrypts what OpenSSL encrypts: ${CASES.toLocaleString('en-US')} random keys, IVs and messages`, () => {
  const t0 = Date.now();
  for (let i = 0; i < CASES; i++) {
    const rand = crypto.randomBytes(64);
    const key = `fake-key-${rand.toString('base64', 0, 12)}`;
    const iv = rand.subarray(12, 28);
    // Mostly short (every batch shape of 8 blocks), 1 in 64 up to 2 KB.
    const plain = message(rand.subarray(28), i % 64 === 0 ? 2048 : 200);
    const aesKey = crypto.createHash('sha256').update(key).digest();
    const c = crypto.createCipheriv('aes-256-cbc', aesKey, iv);
    const b64 = Buffer.concat([iv, c.update(plain), c.final()]).toString('base64');
    const got = decryptJdmeEvent(key, b64);
    if (got !== plain.toString('latin1')) assert.fail(`case ${i}: key ${key}, ${plain.length} bytes: ${JSON.stringify(got.slice(0, 40))}`);
  }
  assert.ok(Date.now() - t0 < 120_000);
});

test('random ciphertexts: OpenSSL and the wasm core agree on every PKCS#7 verdict', () => {
  let validPads = 0;
  for (let i = 0; i < 60_000; i++) {
    const rand = crypto.randomBytes(12 + 16 + 16 * (1 + (i % 9)));
    const key = `fake-key-${rand.toString('base64', 0, 12)}`;
    const body = rand.subarray(12);
    const d = crypto.createDecipheriv('aes-256-cbc', crypto.createHash('sha256').update(key).digest(), body.subarray(0, 16));
    let opensslPadOk = true;
    try {
      Buffer.concat([d.update(body.subarray(16)), d.final()]);
    } catch {
      opensslPadOk = false;
    }
    let code = 'ok';
    try {
      decryptJdmeEvent(key, body.toString('base64'));
    } catch (e) {
      code = e.code;
    }
    // With good padding the random plaintext is almost never UTF-8: any refusal but padding.
    if (opensslPadOk) validPads++;
    assert.equal(code === 'invalid_padding', !opensslPadOk, `case ${i}: OpenSSL ${opensslPadOk ? 'accepts' : 'refuses'} the padding, robotwire says ${code}`);
  }
  assert.ok(validPads > 60, `only ${validPads} random ciphertexts had valid padding`);
});
