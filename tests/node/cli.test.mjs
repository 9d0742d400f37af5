// Black-box tests of the CLI (`node dist/cli/robotwire.cjs jdme …`): stdin in, stdout out, exit
// 0 on success, exit 1 with exactly one line on stderr otherwise. Bodies to verify come from the
// independent Python generator (tests/vectors/gen_jdme_vectors.py --body), made at test time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnWithInput as run, each } from './spawn.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/robotwire.cjs');
const GEN = join(ROOT, 'tests/vectors/gen_jdme_vectors.py');
const doc = JSON.parse(readFileSync(join(ROOT, 'tests/vectors/jdme_webhook.json'), 'utf8'));

// Obviously fake, and long and distinctive enough that finding them in stderr means a leak.
const VT = 'fake-verification-token-cli-0c1d2e3f';
const KEY = 'fake-encrypt-key-cli-密钥-🔑-4a5b6c';



const cli = (args, input = '') => run(process.execPath, [CLI, ...args], input);

async function py(args, input = '') {
  const r = await run('python3', [GEN, ...args], input);
  assert.equal(r.status, 0, `python3 gen_jdme_vectors.py ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A fresh body from Python: encrypted when `key` is given, signed with `vt` at `ts`. */
function pyBody({ vt = VT, key = KEY, ts = Date.now(), eventType } = {}) {
  const args = ['--body', '--verification-token', vt, '--timestamp', String(ts)];
  if (key !== null) args.push('--encrypt-key', key);
  if (eventType) args.push('--event-type', eventType);
  return py(args);
}

/** Success: exit 0, nothing on stderr. */
function ok(r, what) {
  assert.equal(r.stderr, '', `${what}: unexpected stderr`);
  assert.equal(r.status, 0, what);
  return r.stdout;
}

/** Failure: exit 1, nothing on stdout, one line on stderr naming `code`, no secret in it. */
function refused(r, code, what, secrets = [VT, KEY]) {
  assert.equal(r.status, 1, `${what}: exit ${r.status}, stdout ${r.stdout.slice(0, 200)}`);
  assert.equal(r.stdout, '', `${what}: stdout must be empty`);
  assert.match(r.stderr, /^[^\n]+\n$/, `${what}: stderr must be exactly one line: ${JSON.stringify(r.stderr)}`);
  if (code !== undefined) assert.ok(r.stderr.startsWith(`robotwire: ${code}: `), `${what}: expected ${code}, got ${r.stderr}`);
  for (const s of secrets) assert.ok(!r.stderr.includes(s), `${what}: stderr leaks a secret`);
  return r.stderr;
}

/** XOR `mask` into decoded byte `index` of a Base64 value (a single-bit mask changes one character). */
function xorByte(b64, index, mask) {
  const raw = Buffer.from(b64, 'base64');
  raw[index < 0 ? raw.length + index : index] ^= mask;
  return raw.toString('base64');
}

const diffChars = (a, b) => [...a].filter((c, i) => c !== b[i]).length;

const verifyArgs = (extra = []) => ['jdme', 'verify', '--verification-token', VT, '--encrypt-key', KEY, ...extra];

// Every spawn costs ~0.1 s, so the CLI sees a spread of the vectors; the library sees all of
// them in vectors.test.mjs.
const spread = (list, n) => list.filter((_, i) => i % Math.ceil(list.length / n) === 0);

test('jdme sign prints the token of vectors (every verification token, spread of timestamps)', async () => {
  const picked = doc.tokenVectors.filter((_, i) => i % 3 === 0);
  assert.equal(new Set(picked.map((v) => v.verificationToken)).size, new Set(doc.tokenVectors.map((v) => v.verificationToken)).size);
  await each(picked, async (v) => {
    const out = ok(await cli(['jdme', 'sign', '--verification-token', v.verificationToken, '--timestamp', v.timeStamp]), v.name);
    assert.equal(out, v.token + '\n', v.name);
  });
});

test('jdme encrypt then jdme decrypt round-trips, and the seed decrypt reads our ciphertext', async () => {
  const texts = ['hello', '中文消息 with emoji 🔐✅ and\nnewlines\t', 'x'.repeat(16), 'y'.repeat(5000)];
  const ivs = new Set();
  await each(texts, async (text) => {
    const enc = ok(await cli(['jdme', 'encrypt', '--encrypt-key', KEY], text), 'encrypt');
    assert.match(enc, /^[A-Za-z0-9+/]+={0,2}\n$/);
    const raw = Buffer.from(enc.trim(), 'base64');
    assert.equal(raw.length - 16, (Math.floor(Buffer.byteLength(text) / 16) + 1) * 16);
    ivs.add(raw.subarray(0, 16).toString('hex'));
    const [dec, seed, wrong] = await Promise.all([
      cli(['jdme', 'decrypt', '--encrypt-key', KEY], enc),
      // the Python reference decrypt (independent of robotwire) recovers the text
      py(['--decrypt', '--encrypt-key', KEY], enc),
      cli(['jdme', 'decrypt', '--encrypt-key', KEY + 'x'], enc),
    ]);
    assert.equal(ok(dec, 'decrypt'), text + '\n');
    assert.equal(seed, text);
    // A wrong key gives random plaintext: its last byte is a valid padding (0x01) about once in
    // 256 encryptions (random IVs), and then the text fails the UTF-8 check instead.
    assert.match(refused(wrong, undefined, 'decrypt with a wrong key', [KEY]), /^robotwire: (invalid_padding|invalid_utf8): /);
  }, 2);
  assert.equal(ivs.size, texts.length, 'each encryption must use a fresh random IV');
});

test('jdme decrypt accepts a raw Base64 value and a {"encrypt": …} body', async () => {
  const cases = [];
  for (const v of spread(doc.aesVectors, 6)) {
    cases.push([v.encryptKey, v.encrypt, v.plaintext, v.name]);
    cases.push([v.encryptKey, `  ${v.encrypt}\n`, v.plaintext, `${v.name} (whitespace)`]);
  }
  for (const v of spread(doc.webhookVectors, 4)) cases.push([v.encryptKey, v.body + '\n', v.plaintext, `${v.name} (body)`]);
  await each(cases, async ([key, input, plaintext, name]) => {
    assert.equal(ok(await cli(['jdme', 'decrypt', '--encrypt-key', key], input), name), plaintext + '\n', name);
  });
  const v = doc.aesVectors[3];
  const k = v.encryptKey;
  const [padFlip, short, nonString, broken] = await Promise.all([
    cli(['jdme', 'decrypt', '--encrypt-key', k], xorByte(v.encrypt, -17, 1)),
    cli(['jdme', 'decrypt', '--encrypt-key', k], v.encrypt.slice(0, -1)),
    cli(['jdme', 'decrypt', '--encrypt-key', k], '{"encrypt": 5}'),
    cli(['jdme', 'decrypt', '--encrypt-key', k], '{"encrypt": '),
  ]);
  refused(padFlip, 'invalid_padding', 'tampered', [k]);
  refused(short, 'invalid_base64', 'short', [k]);
  refused(nonString, undefined, 'non-string encrypt', [k]);
  refused(broken, undefined, 'broken JSON', [k]);
});

test('jdme verify accepts a fresh body from the Python generator and prints the verified event verbatim', async () => {
  await each(['chat_message', 'chat_quit'], async (eventType) => {
    const body = await pyBody({ eventType });
    const plaintext = await py(['--decrypt', '--encrypt-key', KEY], body);
    for (const extra of [[], ['--tolerance-seconds', '60']]) {
      const out = ok(await cli(verifyArgs(extra), body), 'verify');
      assert.equal(out, plaintext + '\n');
      const ev = JSON.parse(out);
      assert.equal(ev.eventType, eventType);
      assert.equal(typeof ev.token, 'string');
    }
  }, 2);
});

test('jdme verify accepts every committed webhook vector (no window by default)', async () => {
  await each(doc.webhookVectors, async (v) => {
    const out = ok(await cli(['jdme', 'verify', '--verification-token', v.verificationToken, '--encrypt-key', v.encryptKey], v.body), v.name);
    assert.equal(out, v.plaintext + '\n', v.name);
  });
});

test('jdme verify refuses tampered bodies: exit 1, one line naming the reason, no secret', async () => {
  const [body, otherTokenBody, plainBody] = await Promise.all([pyBody(), pyBody({ vt: VT + 'x' }), pyBody({ key: null })]);
  const b64 = JSON.parse(body).encrypt;
  const withEnc = (e) => JSON.stringify({ encrypt: e });

  // one Base64 character changed: the last pad byte's low bit (always bad PKCS#7) …
  const padFlip = xorByte(b64, -17, 0x01);
  assert.equal(diffChars(padFlip, b64), 1);
  // … the IV's top bit (the plaintext's "{" becomes byte 0xFB) …
  const ivFlip = xorByte(b64, 0, 0x80);
  assert.equal(diffChars(ivFlip, b64), 1);
  // … a character in the middle of the ciphertext (noise in two blocks: some refusal)
  const mid = Math.floor(b64.length / 2);
  const midFlip = b64.slice(0, mid) + (b64[mid] === 'A' ? 'B' : 'A') + b64.slice(mid + 1);
  assert.equal(diffChars(midFlip, b64), 1);
  const raw = Buffer.from(b64, 'base64');
  const v = doc.webhookVectors[0];

  // [args, stdin, expected code (undefined: any), label, secrets that must not appear]
  const cases = [
    [verifyArgs(), withEnc(padFlip), 'invalid_padding', 'pad flip'],
    [verifyArgs(), withEnc(ivFlip), 'invalid_utf8', 'IV flip'],
    [verifyArgs(), withEnc(midFlip), undefined, 'middle flip'],
    [verifyArgs(), withEnc('!' + b64.slice(1)), 'invalid_base64', 'bad alphabet'],
    // wrong verification token (signed with another; configured another)
    [verifyArgs(), otherTokenBody, 'token_mismatch', 'signed with another token', [VT, VT + 'x', KEY]],
    [['jdme', 'verify', '--verification-token', VT + 'y', '--encrypt-key', KEY], body, 'token_mismatch', 'wrong token', [VT, VT + 'y', KEY]],
    // wrong key: with a fresh random IV the last block is noise, so bad padding or (~1/256)
    // a valid-looking pad over noise; the committed vector pins the exact code
    [['jdme', 'verify', '--verification-token', VT, '--encrypt-key', KEY + 'z'], body, /^(invalid_padding|invalid_utf8|invalid_json)$/, 'wrong key', [VT, KEY, KEY + 'z']],
    [
      ['jdme', 'verify', '--verification-token', v.verificationToken, '--encrypt-key', 'fake-encrypt-key-wrong'],
      v.body,
      'invalid_padding',
      'vector under a wrong key',
      [v.verificationToken, v.encryptKey, 'fake-encrypt-key-wrong'],
    ],
    // truncated: the JSON body, the Base64, the ciphertext
    [verifyArgs(), body.slice(0, Math.floor(body.length / 2)), 'invalid_json', 'truncated body'],
    [verifyArgs(), withEnc(b64.slice(0, -1)), 'invalid_base64', 'truncated base64'],
    [verifyArgs(), withEnc(raw.subarray(0, 16).toString('base64')), 'invalid_ciphertext', 'IV only'],
    [verifyArgs(), withEnc(raw.subarray(0, -1).toString('base64')), 'invalid_ciphertext', 'one byte short'],
    [verifyArgs(), withEnc(raw.subarray(0, -16).toString('base64')), undefined, 'one block short'],
    // not JSON, empty, JSON of the wrong shape
    [verifyArgs(), 'this is not json', 'invalid_json', 'non-JSON'],
    [verifyArgs(), '', 'invalid_json', 'empty'],
    [verifyArgs(), '[1,2,3]', 'invalid_json', 'array'],
    [verifyArgs(), '{"encrypt": 42}', 'invalid_field', 'encrypt as number'],
    // a plaintext event although an Encrypt Key is given: a downgrade
    [verifyArgs(), plainBody, 'encryption_required', 'plaintext event with a key'],
    // an encrypted body but no key
    [['jdme', 'verify', '--verification-token', VT], body, 'encrypt_key_missing', 'no key'],
  ];
  await each(cases, async ([args, input, code, label, secrets]) => {
    const r = await cli(args, input);
    if (code instanceof RegExp) {
      const line = refused(r, undefined, label, secrets);
      assert.match(line.slice('robotwire: '.length).split(':')[0], code, label);
    } else {
      refused(r, code, label, secrets);
    }
  });
});

test('--tolerance-seconds 60 refuses a 10-minute-old body and accepts a fresh one', async () => {
  const [old, future, fresh] = await Promise.all([
    pyBody({ ts: Date.now() - 10 * 60_000 }),
    pyBody({ ts: Date.now() + 10 * 60_000 }),
    pyBody(),
  ]);
  const [rOld, rOldNoWindow, rFuture, rFresh, rBad] = await Promise.all([
    cli(verifyArgs(['--tolerance-seconds', '60']), old),
    // without the flag the CLI checks no window (captured bodies are usually old)
    cli(verifyArgs(), old),
    cli(verifyArgs(['--tolerance-seconds', '60']), future),
    cli(verifyArgs(['--tolerance-seconds', '60']), fresh),
    cli(verifyArgs(['--tolerance-seconds', 'soon']), fresh),
  ]);
  refused(rOld, 'timestamp_out_of_window', 'stale');
  ok(rOldNoWindow, 'stale without a window');
  refused(rFuture, 'timestamp_out_of_window', 'future');
  assert.equal(JSON.parse(ok(rFresh, 'fresh')).eventType, 'chat_message');
  refused(rBad, undefined, 'bad tolerance');
});

test('plain (unencrypted) signed bodies verify without --encrypt-key', async () => {
  const [body, other] = await Promise.all([pyBody({ key: null }), pyBody({ key: null, vt: 'fake-other-verification-token' })]);
  const [good, wrongVt, otherVt] = await Promise.all([
    cli(['jdme', 'verify', '--verification-token', VT], body),
    cli(['jdme', 'verify', '--verification-token', VT + 'q'], body),
    cli(['jdme', 'verify', '--verification-token', VT], other),
  ]);
  assert.equal(ok(good, 'plain'), body + '\n');
  refused(wrongVt, 'token_mismatch', 'plain, wrong token', [VT, VT + 'q']);
  refused(otherVt, 'token_mismatch', 'plain, other token', [VT, 'fake-other-verification-token']);
});

test('usage errors: missing required flags, unknown commands', async () => {
  const body = await pyBody();
  const cases = [
    [['jdme', 'verify', '--encrypt-key', KEY], body, 'verify without token'],
    [['jdme', 'verify', '--verification-token'], '', 'flag without value'],
    [['jdme', 'sign', '--verification-token', VT], '', 'sign without timestamp'],
    [['jdme', 'sign', '--timestamp', '1'], '', 'sign without token'],
    [['jdme', 'sign', '--verification-token', VT, '--timestamp', '12a'], '', 'sign with a bad timestamp'],
    [['jdme', 'encrypt'], 'x', 'encrypt without key'],
    [['jdme', 'decrypt'], 'x', 'decrypt without key'],
    [['jdme', 'verify', '--verification-token', VT, '--no-such-flag'], '', 'unknown flag'],
    [['jdme', 'frobnicate'], '', 'unknown command', /unknown command/],
    [['nosuchplatform', 'sign'], '', 'unknown platform', /unknown platform or command/],
  ];
  await each(cases, async ([args, input, label, pattern]) => {
    const line = refused(await cli(args, input), undefined, label);
    if (pattern) assert.match(line, pattern, label);
  });
  const [help, none] = await Promise.all([cli(['--help']), cli([])]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /jdme verify/);
  // A platform without a command lists that platform's commands (exit 1: nothing was run).
  const platform = await cli(['jdme']);
  assert.equal(platform.status, 1);
  assert.match(platform.stdout, /robotwire jdme verify --verification-token T/);
  assert.equal(none.status, 1);
});
