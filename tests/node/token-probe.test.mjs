// `robotwire jdme token-probe` and `probeJdmeToken`, black-box: bodies signed (and encrypted)
// by implementations robotwire did not write (node:crypto, and the Python generator's
// hashlib/hmac/cryptography), one per scheme; the probe must name exactly that scheme, print
// the option to paste, and never print the token or a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { probeJdmeToken, createJdmeWebhook } from 'robotwire';
import { runCli, each } from './spawn.mjs';

const VT = 'fake-probe-verification-token';
const KEY = 'fake-probe-encrypt-key';
const NAMED = ['sha256', 'plain', 'sha256-hex', 'hmac-sha256', 'hmac-sha256-hex', 'sha1', 'sha1-hex', 'hmac-sha1', 'hmac-sha1-hex', 'md5', 'md5-hex'];
const GEN = fileURLToPath(new URL('../vectors/gen_jdme_vectors.py', import.meta.url));

function nodeSign(scheme, vt, stamp) {
  if (scheme === 'plain') return vt;
  const name = scheme.replace(/-hex$/, '');
  const raw = name.startsWith('hmac-') ? createHmac(name.slice(5), vt).update(stamp).digest() : createHash(name).update(`${vt}\n${stamp}`).digest();
  return raw.toString(scheme.endsWith('-hex') ? 'hex' : 'base64');
}

/** `{"encrypt": …}` with OpenSSL (node:crypto): AES-256-CBC, key SHA-256(Encrypt Key), IV first. */
function nodeEncrypt(plaintext, key = KEY, iv = randomBytes(16)) {
  const c = createCipheriv('aes-256-cbc', createHash('sha256').update(key, 'utf8').digest(), iv);
  return JSON.stringify({ encrypt: Buffer.concat([iv, c.update(plaintext, 'utf8'), c.final()]).toString('base64') });
}

const event = (token, timeStamp = 1_700_000_000_123) => JSON.stringify({ eventId: 'evt-probe', eventType: 'chat_quit', timeStamp, token, event: { groupId: 'g' } });

function assertClean(out, token) {
  for (const secret of [VT, KEY, token]) if (secret.length >= 8) assert.ok(!out.includes(secret), `secret or token printed: ${out.slice(0, 300)}`);
}

test('token-probe names each scheme from an encrypted event signed by node:crypto, and prints the option', async () => {
  await each(NAMED, async (scheme) => {
    const token = nodeSign(scheme, VT, '1700000000123');
    const r = await runCli(['jdme', 'token-probe', '--verification-token', VT, '--encrypt-key', KEY], nodeEncrypt(event(token)));
    assert.equal(r.status, 0, `${scheme}: ${r.stderr}`);
    const matched = r.stdout.split('\n').filter((l) => l.trimStart().startsWith('MATCH'));
    assert.equal(matched.length, 1, scheme);
    assert.match(matched[0], new RegExp(`MATCH\\s+${scheme}\\s`), scheme);
    assert.ok(r.stdout.includes(`tokenScheme: { event: '${scheme}' }`), `${scheme}: ${r.stdout}`);
    assert.equal(r.stdout.includes('nothing to change'), scheme === 'sha256', scheme);
    assert.ok(r.stdout.includes(`--token-scheme ${scheme}`), scheme);
    assert.match(r.stdout, /timeStamp 1700000000123/);
    if (scheme === 'plain') {
      // The token is the secret: not even its length is printed.
      assert.match(r.stdout, /token is the verification token itself/);
      assert.ok(!r.stdout.includes(`${VT.length} characters`));
    }
    assertClean(r.stdout + r.stderr, token);
  });
});

test('token-probe on bodies from the independent Python generator (plain JSON and encrypted), --json', async () => {
  await each(NAMED, async (scheme) => {
    for (const encrypted of [false, true]) {
      const args = [GEN, '--body', '--verification-token', VT, '--timestamp', '1741334871107', '--scheme', scheme, ...(encrypted ? ['--encrypt-key', KEY] : [])];
      const py = spawnSync('python3', args, { encoding: 'utf8' });
      assert.equal(py.status, 0, py.stderr);
      const r = await runCli(['jdme', 'token-probe', '--verification-token', VT, ...(encrypted ? ['--encrypt-key', KEY] : []), '--json'], py.stdout);
      assert.equal(r.status, 0, `${scheme}: ${r.stderr}`);
      const p = JSON.parse(r.stdout);
      assert.deepEqual(p.matches, [scheme]);
      assert.equal(p.kind, 'event');
      assert.equal(p.stampField, 'timeStamp');
      assert.equal(p.stamp, '1741334871107');
      assert.equal(p.candidates.length, NAMED.length);
      assert.equal(p.hasToken, true);
      assert.equal(p.token === undefined, scheme === 'plain', 'no shape (length) for the plain token');
      assert.deepEqual(p.candidates.filter((c) => c.matched).map((c) => c.id), [scheme]);
      assert.equal(JSON.stringify(p).includes(VT), false);
    }
  }, 2);
});

test('card callbacks are probed over datetime and the option names the card rule', async () => {
  const datetime = 1_700_000_999_000;
  const body = JSON.stringify({ reqType: 2, datetime, token: nodeSign('hmac-sha256', VT, String(datetime)), body: { cardMsgId: 'c' } });
  const r = await runCli(['jdme', 'token-probe', '--verification-token', VT], body);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /card callback, datetime 1700000999000/);
  assert.match(r.stdout, /MATCH\s+hmac-sha256\s/);
  assert.ok(r.stdout.includes("tokenScheme: { card: 'hmac-sha256' }"), r.stdout);
  const p = probeJdmeToken(body, { verificationToken: VT });
  assert.deepEqual([p.kind, p.stampField, p.matches], ['card', 'datetime', ['hmac-sha256']]);
});

test('no match: exit 1, the token described by shape only, advice to check the secrets or pass a function', async () => {
  const token = createHash('sha512').update(`1700000000123:${VT}`).digest('base64');
  const r = await runCli(['jdme', 'token-probe', '--verification-token', VT, '--encrypt-key', KEY], nodeEncrypt(event(token)));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /token of 88 characters, Base64 of 64 bytes/);
  assert.match(r.stdout, /No known scheme reproduces this token/);
  assert.match(r.stdout, /tokenScheme: \{ event: \(verificationToken, stamp\) => \{ throw new Error/);
  assert.ok(!/MATCH/.test(r.stdout));
  assertClean(r.stdout + r.stderr, token);
  // The wrong verification token for a documented-scheme body: also no match, with the SHA-256 size hint.
  const wrong = await runCli(['jdme', 'token-probe', '--verification-token', 'fake-some-other-token', '--encrypt-key', KEY], nodeEncrypt(event(nodeSign('sha256', VT, '1700000000123'))));
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout, /44 characters, Base64 of 32 bytes: the size of a SHA-256 or HMAC-SHA256 digest/);
});

test('bodies without a token, broken bodies, missing flags: clear one-line failures, nothing leaked', async () => {
  const none = await runCli(['jdme', 'token-probe', '--verification-token', VT], JSON.stringify({ eventType: 'chat_quit', timeStamp: 1 }));
  assert.equal(none.status, 1);
  assert.match(none.stdout, /has no token field/);
  const forged = 'fake-forged-token-value';
  // A fixed IV: with a random one, a wrong key yields valid-looking padding about 1 time in 256
  // (then the error is invalid_utf8 or invalid_json instead); this body is checked to fail on padding.
  const wrongKey = await runCli(['jdme', 'token-probe', '--verification-token', VT, '--encrypt-key', 'fake-wrong-key'], nodeEncrypt(event(forged), KEY, Buffer.alloc(16, 7)));
  assert.equal(wrongKey.status, 1);
  assert.match(wrongKey.stderr, /^robotwire: invalid_padding: /);
  const noKey = await runCli(['jdme', 'token-probe', '--verification-token', VT], nodeEncrypt(event(forged)));
  assert.match(noKey.stderr, /encrypt_key_missing/);
  const junk = await runCli(['jdme', 'token-probe', '--verification-token', VT], 'not json');
  assert.match(junk.stderr, /^robotwire: invalid_json: /);
  const noVt = await runCli(['jdme', 'token-probe'], event(forged));
  assert.match(noVt.stderr, /--verification-token is required/);
  for (const r of [wrongKey, noKey, junk, noVt]) assertClean(r.stdout + r.stderr, forged);
});

test('what the probe names is what the webhook then accepts', async () => {
  const stamp = Date.now();
  for (const scheme of NAMED) {
    const body = event(nodeSign(scheme, VT, String(stamp)), stamp);
    const [id] = probeJdmeToken(body, { verificationToken: VT }).matches;
    assert.equal(id, scheme);
    const seen = [];
    const hook = createJdmeWebhook({ verificationToken: VT, tokenScheme: id }).onAny((e) => seen.push(e));
    const res = await hook.fetch(new Request('http://127.0.0.1/', { method: 'POST', body }));
    assert.equal(res.status, 200, scheme);
    await new Promise((r) => setImmediate(r));
    assert.equal(seen.length, 1, scheme);
  }
});

test('robotwire jdme sign and verify take --token-scheme', async () => {
  const ts = '1700000000123';
  const signed = await runCli(['jdme', 'sign', '--verification-token', VT, '--timestamp', ts, '--token-scheme', 'md5-hex']);
  assert.equal(signed.stdout.trim(), nodeSign('md5-hex', VT, ts));
  const body = event(nodeSign('sha1', VT, ts), Number(ts));
  const refused = await runCli(['jdme', 'verify', '--verification-token', VT], body);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /token_mismatch: event token does not match .*tried sha256/);
  const ok = await runCli(['jdme', 'verify', '--verification-token', VT, '--token-scheme', 'sha1'], body);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).eventId, 'evt-probe');
  const list = await runCli(['jdme', 'verify', '--verification-token', VT, '--token-scheme', 'md5,sha1'], body);
  assert.equal(list.status, 0, list.stderr);
  const bad = await runCli(['jdme', 'verify', '--verification-token', VT, '--token-scheme', 'sha3'], body);
  assert.match(bad.stderr, /invalid_argument: unknown token scheme "sha3"/);
});
