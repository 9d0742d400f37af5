// Thousands of malformed bodies against ONE webhook instance, through `handleBody` and the Web
// `fetch` handler: every one must get a 4xx (never a 5xx, never a throw), no listener may run,
// no answer or onError error may carry a secret, and afterwards the same instance must still
// verify and dispatch a good encrypted event. Bodies come from a seeded PRNG (reproducible:
// set MALFORMED_SEED to explore other seeds). Ciphertexts are built with node:crypto, not with
// robotwire, so padding and UTF-8 can be broken on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { createJdmeWebhook, signJdmeToken, WebhookError } from 'robotwire';

const VT = 'fake-verification-token-malformed-5e6f7a';
const KEY = 'fake-encrypt-key-malformed-密钥-8b9c0d';
const NOW = 1_800_000_000_000;
const SEED = Number(process.env.MALFORMED_SEED ?? 0x5eed1234);
const MAX = 1 << 20;

// ---- seeded PRNG (mulberry32) -------------------------------------------------------------
let state = SEED >>> 0;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rnd() * n); // 0 … n-1
const pick = (list) => list[int(list.length)];
const bytes = (n) => Uint8Array.from({ length: n }, () => int(256));
const utf8 = new TextEncoder();
const enc = (s) => (typeof s === 'string' ? utf8.encode(s) : s);
const concat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(enc(p))));

// ---- an independent implementation of the envelope (OpenSSL via node:crypto) ---------------
const keyOf = (k) => createHash('sha256').update(k, 'utf8').digest();
/** Base64(IV ‖ AES-256-CBC(plaintext)); `pad: false` encrypts raw whole blocks as given. */
function seal(plaintext, { key = KEY, iv = bytes(16), pad = true } = {}) {
  const c = createCipheriv('aes-256-cbc', keyOf(key), iv);
  c.setAutoPadding(pad);
  return Buffer.concat([Buffer.from(iv), c.update(enc(plaintext)), c.final()]).toString('base64');
}
const wrap = (b64) => JSON.stringify({ encrypt: b64 });
const sign = (ts) => signJdmeToken(VT, ts);

let seq = 0;
/** A correctly signed chat_message, as an object (timeStamp first, as the platform sends it). */
function event(over = {}) {
  const ts = over.timeStamp ?? NOW;
  return {
    timeStamp: ts,
    eventId: over.eventId ?? `malformed-${++seq}`,
    robotApp: 'robot.dd',
    eventType: 'chat_message',
    event: { sender: { app: 'ee', pin: 'fake.user' }, chatType: 2, msgId: '1', groupId: 'g1', body: { type: 'text', content: '你好 🤖' } },
    robotPin: 'app.fake',
    token: sign(String(ts)),
    ...over,
  };
}
const goodJson = () => JSON.stringify(event());

// ---- generators: each returns [category, body] ---------------------------------------------
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const JUNK = [...(B64 + '-_=!@#$%^&*()[]{}<>.,;: \t\n\r"\\\'~`|?é中🤖\u0000')]; // code points, not UTF-16 units

function badBase64() {
  const good = JSON.parse(wrap(seal(goodJson()))).encrypt;
  switch (int(8)) {
    case 0: // random characters, some outside the alphabet
      return Array.from({ length: 1 + int(120) }, () => pick(JUNK)).join('');
    case 1: { // alphabet only, length not a multiple of 4
      let n = 1 + int(200);
      if (n % 4 === 0) n++;
      return Array.from({ length: n }, () => pick(B64)).join('');
    }
    case 2: // URL-safe alphabet
      return good.replace(/\+/g, '-').replace(/\//g, '_').replace(/^[A-Za-z0-9]/, '-');
    case 3: // whitespace or a line break inside
      return good.slice(0, 8) + pick([' ', '\n', '\r\n', '\t']) + good.slice(8);
    case 4: // padding in the middle / too much padding / padding removed
      return pick([good.slice(0, 12) + '=' + good.slice(13), good + '==', good.replace(/=+$/, '') + (good.endsWith('=') ? '' : 'A'), '====']);
    case 5: // a non-ASCII character replacing one
      return good.slice(0, 20) + pick(['é', '中', '🤖', '\u00a0', '\u2028']) + good.slice(21);
    case 6: // an escape sequence that decodes to a non-alphabet character
      return good.slice(0, 4) + pick(['\\u0021', '\\n', '\\u002D']) + good.slice(5);
    default: // empty
      return '';
  }
}

function shortOrOdd() {
  let n;
  do n = int(100);
  while (n >= 32 && n % 16 === 0);
  return Buffer.from(bytes(n)).toString('base64');
}

/** A real event followed by padding a lenient decrypt (the seed's Python) would strip. */
function badPadding() {
  const pt = Buffer.from(goodJson());
  const p = 1 + int(16);
  let padding;
  switch (int(4)) {
    case 0: // last byte says p, another pad byte differs
      padding = Buffer.alloc(p, p);
      if (p > 1) padding[int(p - 1)] ^= 1 + int(255);
      else padding = Buffer.from([0]); // a zero pad byte
      break;
    case 1: // pad byte 0
      padding = Buffer.alloc(p, p);
      padding[p - 1] = 0;
      break;
    case 2: // pad byte above 16
      padding = Buffer.alloc(p, p);
      padding[p - 1] = 17 + int(239);
      break;
    default: // no padding block at all (plaintext length already whole blocks)
      padding = Buffer.alloc(0);
  }
  let body = Buffer.concat([pt, padding]);
  // whole blocks: fill in front of the padding with spaces (JSON whitespace after the object)
  const fill = (16 - (body.length % 16)) % 16;
  body = Buffer.concat([pt, Buffer.alloc(fill, 0x20), padding]);
  if (body.length % 16) body = Buffer.concat([body, Buffer.alloc(16 - (body.length % 16), 0x20)]);
  if (padding.length === 0 && body[body.length - 1] <= 16) throw new Error('generator bug');
  return seal(body, { pad: false });
}

function wrongKey() {
  const key = pick([
    KEY + 'x',
    KEY.slice(0, -1),
    KEY.toUpperCase(),
    'fake-encrypt-key-other-' + int(1e9),
    VT, // the verification token used as the Encrypt Key
    ' ' + KEY,
  ]);
  return seal(goodJson(), { key });
}

function invalidUtf8() {
  const bad = pick([[0xff], [0xfe], [0xc0, 0x80], [0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8]]);
  const json = goodJson();
  const at = json.indexOf('你好');
  const where = int(3);
  if (where === 0) return seal(concat(json.slice(0, at), Buffer.from(bad), json.slice(at))); // inside a string value
  if (where === 1) return seal(concat(Buffer.from(bad), json)); // before the object
  return seal(concat(json.slice(0, -1), ',"k":"', Buffer.from(bad), '"}')); // a new field
}

function nonJsonPlaintext() {
  const json = goodJson();
  return seal(
    pick([
      () => json.slice(0, 1 + int(json.length - 1)), // truncated
      () => json + pick(['x', '}', ',', '{}', '\u0000']), // trailing garbage
      () => json.replace(/"/g, "'"), // single quotes
      () => json.replace('{', '{/* c */'), // a comment
      () => json.replace(`${NOW}`, pick(['NaN', 'Infinity', '0x1', '01800000000000', '+1800000000000'])),
      () => Array.from({ length: int(200) }, () => pick(JUNK)).join(''),
      () => '',
      () => '\uFEFF' + json, // a BOM
      () => json.replace('"token"', 'token'),
      () => json.replace(/:/, '='),
      () => json.replace(/,"robotApp"/, ',,"robotApp"'),
      () => json.replace('"你好 🤖"', '"\\x41"'), // invalid escape
      () => json.replace('"你好 🤖"', '"\\ud800"').replace('"chat_message"', '"\\udc00"'), // lone surrogate in a read field
      () => json.replace('"你好 🤖"', '"a\tb"'), // raw control character in a string
    ])(),
  );
}

const SCALARS = ['[]', '[{}]', '1', '-1', '1.5', '"str"', '""', 'null', 'true', 'false', '{}', '[' + goodJson() + ']', '"' + VT + '"'];

function jsonShapes() {
  const s = pick(SCALARS);
  if (int(2)) return { outer: true, body: s };
  return { outer: false, body: wrap(seal(s)) };
}

// Wrong types for every field the verifier reads. Every value here must be refused on its own,
// whatever else the body holds (a correct token included).
const WRONG = {
  timeStamp: [{}, [], [NOW], 1.5, NOW + 0.5, -1, -NOW, '', 'abc', '1e12', ' 1800000000000', '1800000000000 ', '-1800000000000', '1'.repeat(21), '18446744073709551616', '99999999999999999999', 18446744073709551616, 1e400, true, false, `${NOW}.0`, 'ＮＯＷ'],
  token: [5, 0, {}, [], [sign(String(NOW))], true, '', sign(String(NOW)).slice(0, -1), sign(String(NOW + 1)), sign(String(NOW)) + ' ', VT, KEY, sign(String(NOW)).toLowerCase(), 'x'.repeat(10_000)],
  eventType: [5, {}, [], ['chat_message'], true, 1.5],
  encrypt: [5, null, [], {}, true, 0, 1.5, '', [seal(goodJson())], { encrypt: seal(goodJson()) }],
  datetime: [{}, [], -1, 1.5, 'abc', true, '-5'],
};

function wrongTypes() {
  const field = pick(Object.keys(WRONG));
  const value = pick(WRONG[field]);
  // event() signs over String(timeStamp), so a wrong timeStamp comes with a matching token:
  // the refusal is for the type, not for the signature
  const ev = event({ [field]: value });
  if (field === 'encrypt') return { outer: true, body: JSON.stringify(int(2) ? { encrypt: value } : { ...ev }) };
  const json = JSON.stringify(ev);
  // a number JSON.stringify cannot write (it would say null)
  let text = json;
  if (field === 'timeStamp' && typeof value === 'number' && !Number.isFinite(value)) text = json.replace('"timeStamp":null', '"timeStamp":1e400');
  if (int(2)) return { outer: false, body: wrap(seal(text)) };
  return { outer: true, body: text };
}

function rawNumbers() {
  // number spellings only reachable as raw JSON text
  const ts = pick(['1.8e12', '1800000000000.0', '18446744073709551616', '-0', '1e400', '-1800000000000', '1800000000000e0']);
  const text = `{"timeStamp":${ts},"eventId":"n","eventType":"chat_message","token":"${sign(String(NOW))}"}`;
  return int(2) ? text : wrap(seal(text));
}

function cardLike() {
  // card callbacks are accepted unencrypted, so each must fail on its own: bad reqType, token
  const body = pick([
    { reqType: 3, token: VT },
    { reqType: 0, token: VT },
    { reqType: '1', token: VT },
    { reqType: 1.5, token: VT },
    { reqType: -1, token: VT },
    { reqType: {}, token: VT },
    { reqType: null, token: VT },
    { reqType: 1 },
    { reqType: 2, token: VT + 'x' },
    { reqType: 2, token: '' },
    { reqType: 1, token: 5 },
    { reqType: 2, token: sign('5'), datetime: 6 },
    { reqType: 2, token: VT, datetime: -1 },
    { reqType: 2, token: VT, datetime: 'x' },
  ]);
  const text = JSON.stringify(body);
  return int(2) ? text : wrap(seal(text));
}

function randomBytes() {
  const n = int(400);
  switch (int(4)) {
    case 0:
      return bytes(n);
    case 1:
      return Array.from({ length: n }, () => pick(JUNK)).join('');
    case 2: // JSON-ish token soup
      return '{' + Array.from({ length: int(40) }, () => pick(['"encrypt"', '"token"', '"timeStamp"', '"eventType"', ':', ',', '{', '}', '[', ']', '"', '1', 'null', `"${seal('{}')}"`])).join('');
    default: // a good body with random bytes appended or prepended
      return derived(() => {
        const good = wrap(seal(goodJson()));
        return [int(2) ? concat(good, bytes(1 + int(20))) : concat(bytes(1 + int(20)), good), good];
      });
  }
}

/**
 * True when `candidate` is JSON meaning exactly what the good `original` body means (e.g. only
 * whitespace was added): such a body is not malformed and is generated again.
 */
function equivalent(candidate, original) {
  try {
    assert.deepStrictEqual(JSON.parse(Buffer.from(enc(candidate)).toString('utf8')), JSON.parse(original));
    return true;
  } catch {
    return false;
  }
}
/** Generates until the body is not equivalent to the good one it was derived from. */
function derived(make) {
  for (;;) {
    const [body, original] = make();
    if (!equivalent(body, original)) return body;
  }
}

/** Single-character mutations of a good encrypted body (the outer JSON text). */
const mutated = () => derived(mutation);
function mutation() {
  const text = wrap(seal(goodJson()));
  return [mutate(text), text];
}
function mutate(text) {
  const at = int(text.length);
  switch (int(4)) {
    case 0: { // replace a character
      let c;
      do c = pick(JUNK);
      while (c === text[at]);
      return text.slice(0, at) + c + text.slice(at + 1);
    }
    case 1: // delete one
      return text.slice(0, at) + text.slice(at + 1);
    case 2: // insert one
      return text.slice(0, at) + pick(JUNK) + text.slice(at);
    default: // truncate
      return text.slice(0, at);
  }
}

function tamperedCiphertext() {
  const raw = Buffer.from(seal(goodJson()), 'base64');
  const i = pick([0, int(16), 16 + int(raw.length - 16), raw.length - 1, raw.length - 17]);
  raw[i] ^= 1 << int(8);
  return wrap(raw.toString('base64'));
}

function plaintextDowngrade() {
  // a perfectly signed event, sent in the clear although an Encrypt Key is configured
  return pick([goodJson(), JSON.stringify(event({ timeStamp: String(NOW) })), ' \n' + goodJson()]);
}

function staleOrForged() {
  return wrap(
    seal(
      JSON.stringify(
        pick([
          () => event({ timeStamp: NOW - 300_001 }),
          () => event({ timeStamp: NOW + 300_001 }),
          () => ({ ...event(), token: sign(String(NOW - 1)) }),
          () => ({ ...event(), token: signJdmeToken(VT + 'x', NOW) }),
          () => {
            const e = event();
            delete e.token;
            return e;
          },
          () => {
            const e = event();
            delete e.timeStamp;
            return e;
          },
          () => {
            const e = event();
            delete e.eventType;
            return e;
          },
          () => ({ ...event(), encrypt: seal(goodJson()) }), // encrypted inside encrypted
        ])(),
      ),
    ),
  );
}

// Deterministic extremes: deep nesting, sizes around the cap, empties.
function extremes() {
  const deep = (open, close, n) => open.repeat(n) + close.repeat(n);
  const list = [
    ['empty', ''],
    ['whitespace', ' \n\t\r '],
    ['nul', '\u0000'],
    ['bom+good', concat(Buffer.from([0xef, 0xbb, 0xbf]), wrap(seal(goodJson())))],
    ['deep [ x100000', '['.repeat(100_000)],
    ['deep [] x100000', deep('[', ']', 100_000)],
    ['deep {"a": x100000', '{"a":'.repeat(100_000)],
    ['deep object x50000', deep('{"a":', '}', 50_000)],
    ['deep in encrypt', '{"encrypt":' + deep('[', ']', 100_000) + '}'],
    ['deep in timeStamp', '{"timeStamp":' + deep('[', ']', 100_000) + '}'],
    ['deep in reqType', '{"reqType":' + deep('[', ']', 100_000) + '}'],
    ['deep inside ciphertext', wrap(seal('{"eventType":' + deep('[', ']', 100_000) + '}'))],
    ['deep [ inside ciphertext', wrap(seal('['.repeat(100_000)))],
    ['long string', '{"x":"' + 'a'.repeat(900_000) + '"}'],
    ['many keys', '{' + Array.from({ length: 50_000 }, (_, i) => `"k${i}":${i}`).join(',') + '}'],
    ['duplicate token', JSON.stringify(event()).replace('"token"', `"token":"${sign(String(NOW))}","token"`)],
    ['exactly the cap', '{"encrypt":"' + 'A'.repeat(MAX - 16) + '"}' + ' '.repeat(2)],
    ['huge base64 under the cap', wrap(Buffer.alloc(700_000).toString('base64'))],
  ];
  const huge = [
    ['cap + 1 spaces', Buffer.alloc(MAX + 1, 0x20)],
    ['cap + 1 encrypt', '{"encrypt":"' + 'A'.repeat(MAX) + '"}'],
    ['2 MiB random', Buffer.from(bytes(64)).toString('hex').repeat((2 * MAX) / 128)],
    ['8 MiB deep', '['.repeat(8 * MAX)],
    ['16 MiB zeros', new Uint8Array(16 * MAX)],
  ];
  return { list, huge };
}

const GENERATORS = [
  ['bad base64', 700, () => wrap(badBase64())],
  ['short/odd ciphertext', 400, () => wrap(shortOrOdd())],
  ['bad padding', 600, () => wrap(badPadding())],
  ['wrong key', 300, () => wrap(wrongKey())],
  ['invalid utf-8 plaintext', 400, () => wrap(invalidUtf8())],
  ['non-JSON plaintext', 400, () => wrap(nonJsonPlaintext())],
  ['JSON arrays/numbers/strings', 300, () => jsonShapes().body],
  ['wrong field types', 900, () => wrongTypes().body],
  ['raw number spellings', 100, rawNumbers],
  ['card-like', 200, cardLike],
  ['random bytes', 700, randomBytes],
  ['mutated good body', 600, mutated],
  ['tampered ciphertext', 300, tamperedCiphertext],
  ['plaintext downgrade', 50, plaintextDowngrade],
  ['stale or forged', 200, staleOrForged],
];

// Codes the verifier may answer with; `internal` (a wasm trap) must never appear.
const CODES = new Set([
  'body_too_large',
  'invalid_json',
  'invalid_base64',
  'invalid_ciphertext',
  'invalid_padding',
  'invalid_utf8',
  'encryption_required',
  'missing_field',
  'invalid_field',
  'token_mismatch',
  'timestamp_out_of_window',
]);
// What can only be found after AES: answered `event_not_verified`, whatever it was.
const AFTER_DECRYPTION = new Set(['invalid_padding', 'invalid_utf8', 'invalid_json', 'invalid_field', 'missing_field', 'token_mismatch', 'timestamp_out_of_window']);
// Where a category's code is certain, it is checked too (the reason, as onError gets it).
const EXPECT = {
  'bad padding': ['invalid_padding'],
  'short/odd ciphertext': ['invalid_base64', 'invalid_ciphertext'],
  'invalid utf-8 plaintext': ['invalid_utf8'],
  'plaintext downgrade': ['encryption_required'],
  'bad base64': ['invalid_base64', 'invalid_ciphertext'],
};

const leaks = (text) => typeof text === 'string' && (text.includes(VT) || text.includes(KEY));

test(`≥ 5000 malformed bodies → 4xx, no throw, no dispatch, no secret; then the same instance still works (seed ${SEED})`, async () => {
  const started = Date.now();
  const dispatched = [];
  const cards = [];
  const errors = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, now: () => NOW })
    .on('chat_message', (ev) => dispatched.push(['chat_message', ev]))
    .onAny((ev) => dispatched.push(['any', ev]))
    .onCard((cb) => {
      cards.push(cb);
      return { promptInfo: { style: 'success', content: 'should not happen' } };
    })
    .onError((e, info) => errors.push([e, info]));

  const failures = [];
  const counts = {};
  const codes = {};
  let total = 0;

  async function check(category, body) {
    total++;
    counts[category] = (counts[category] ?? 0) + 1;
    const bytesBody = enc(body);
    const results = [];
    try {
      const r = await hook.handleBody(bytesBody);
      await r.done;
      results.push(['handleBody', r.status, r.body, errors.at(-1)?.[0]]);
    } catch (e) {
      failures.push(`${category}: handleBody threw ${e?.stack ?? e}`);
      return;
    }
    try {
      const res = await hook.fetch(new Request('http://x/', { method: 'POST', body: bytesBody }));
      results.push(['fetch', res.status, await res.text(), errors.at(-1)?.[0]]);
    } catch (e) {
      failures.push(`${category}: fetch threw ${e?.stack ?? e}`);
      return;
    }
    for (const [via, status, text, reason] of results) {
      const sample = Buffer.from(bytesBody.subarray(0, 120)).toString('utf8');
      if (!(status >= 400 && status < 500)) failures.push(`${category} via ${via}: status ${status} ${text} for ${JSON.stringify(sample)}`);
      if (leaks(text)) failures.push(`${category} via ${via}: response leaks a secret`);
      let code;
      try {
        code = JSON.parse(text).code;
      } catch {
        failures.push(`${category} via ${via}: response is not JSON: ${text}`);
        continue;
      }
      // Failures after decryption share one answer (no padding oracle); onError has the reason.
      if (code === 'event_not_verified') {
        if (reason?.publicCode !== code || !AFTER_DECRYPTION.has(reason.code)) failures.push(`${category} via ${via}: answered ${code} for ${reason?.code}`);
        code = reason?.code;
      }
      if (!CODES.has(code)) failures.push(`${category} via ${via}: unexpected code ${code} for ${JSON.stringify(sample)}`);
      if (EXPECT[category] && !EXPECT[category].includes(code)) failures.push(`${category} via ${via}: code ${code} for ${JSON.stringify(sample)}`);
      codes[code] = (codes[code] ?? 0) + 1;
    }
    const [c1, c2] = results.map((x) => JSON.parse(x[2]).code);
    if (c1 !== c2) failures.push(`${category}: handleBody and fetch disagree: ${results[0][2]} vs ${results[1][2]}`);
  }

  for (const [category, n, gen] of GENERATORS) {
    for (let i = 0; i < n; i++) await check(category, gen());
  }
  const { list, huge } = extremes();
  for (const [name, body] of list) await check(`extreme: ${name}`, body);
  for (const [name, body] of huge) {
    await check(`huge: ${name}`, body);
    const r = await hook.handleBody(enc(body));
    assert.equal(r.status, 413, name);
    assert.equal(JSON.parse(r.body).code, 'body_too_large');
    const res = await hook.fetch(new Request('http://x/', { method: 'POST', body: enc(body) }));
    assert.equal(res.status, 413, name);
  }
  // the exact cap is not "too large"
  const atCap = list.find(([n]) => n === 'exactly the cap')[1];
  assert.equal(Buffer.byteLength(atCap), MAX);
  assert.notEqual((await hook.handleBody(atCap)).status, 413);

  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
  assert.ok(total >= 5000, `only ${total} bodies`);
  assert.deepEqual(dispatched, [], 'a listener ran for a malformed body');
  assert.deepEqual(cards, [], 'the card handler ran for a malformed body');

  // every refusal went to onError, as a WebhookError at stage verify, without a secret
  assert.ok(errors.length >= 2 * total, `${errors.length} onError calls for ${total} bodies`);
  for (const [e, info] of errors) {
    assert.equal(info.stage, 'verify');
    assert.ok(e instanceof WebhookError);
    assert.ok(CODES.has(e.code), e.code);
    for (const text of [e.message, String(e), e.stack, JSON.stringify(e), JSON.stringify(info)]) {
      assert.ok(!leaks(text), `onError leaks a secret: ${e.code}`);
    }
  }

  // the same instance (same module, same wasm memory) still verifies and dispatches
  const before = errors.length;
  const good = event({ eventId: 'the-good-one' });
  const r = await hook.handleBody(wrap(seal(JSON.stringify(good))));
  assert.equal(r.status, 200, r.body);
  await r.done;
  assert.equal(dispatched.length, 2);
  // Listeners get the event without its checked token (under plain it is the secret).
  const { token: _t1, ...goodSeen } = good;
  assert.deepEqual(dispatched[0], ['chat_message', goodSeen]);
  assert.deepEqual(dispatched[1], ['any', goodSeen]);
  assert.equal(dispatched[0][1].event.body.content, '你好 🤖');
  // and through fetch, then the redelivery is deduplicated
  const good2 = event({ eventId: 'the-good-two', eventType: 'chat_quit', event: { operator: { app: 'ee', pin: 'fake.q' }, groupId: 'g2' } });
  const pending = [];
  const res = await hook.fetch(new Request('http://x/', { method: 'POST', body: wrap(seal(JSON.stringify(good2))) }), { waitUntil: (p) => pending.push(p) });
  assert.equal(res.status, 200);
  await Promise.all(pending);
  const { token: _t2, ...good2Seen } = good2;
  assert.deepEqual(dispatched.slice(2), [['any', good2Seen]]);
  const again = await hook.handleBody(wrap(seal(JSON.stringify(good))));
  await again.done;
  assert.equal(again.status, 200);
  assert.equal(dispatched.length, 3, 'a redelivery must not dispatch again');
  assert.equal(errors.length, before);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`malformed: ${total} bodies × 2 paths in ${seconds} s (seed ${SEED}); codes ${JSON.stringify(codes)}`);
  console.log(`malformed: per category ${JSON.stringify(counts)}`);
});

// Known bug (reported, not fixed here: src/ and js/ belong to others): handleBody passes the whole body to the
// wasm verifier, which copies it into wasm memory before its size check. A body the wasm
// allocator cannot hold traps ("unreachable") and is answered 400 `internal`, not 413; smaller
// oversized bodies grow wasm memory for good. The fetch and node adapters cap while reading.
test('handleBody refuses a body far above maxBodyBytes with 413 before copying it', async () => {
  let body;
  try {
    body = new Uint8Array(2 ** 31); // lazily zeroed: costs no resident memory unless copied
  } catch {
    return; // the platform cannot even allocate it
  }
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, now: () => NOW });
  const r = await hook.handleBody(body);
  assert.equal(r.status, 413, r.body);
  assert.equal(JSON.parse(r.body).code, 'body_too_large');
});
