// Shared by bench/webhook.mjs (Node) and bench/webhook-workerd.mjs (+ its worker, bundled into
// workerd): the fake secrets, the events of an exact plaintext size, the encrypted bodies and
// their tampered variants, and the strict JS checks every JS contender does, including the
// whole WebCrypto contender (so both benches run the very same WebCrypto code).
//
// Runtime-neutral on purpose (no node: imports): the worker bundle imports the checks and the
// WebCrypto verifier from here. Only makeCase (host side) uses Node's global Buffer.
import { encryptJdmeEvent, signJdmeToken } from 'robotwire';

// Obviously fake secrets.
export const VT = 'fake-bench-verification-token';
export const KEY = 'fake-bench-encrypt-key';
export const WINDOW_MS = 300_000;

export const SIZES = [
  ['0.5 KB', 512],
  ['1.5 KB', 1536],
  ['16 KB', 16384],
];

// ---------------------------------------------------------------------------------------------
// Events of an exact plaintext size (UTF-8 bytes), mixed ASCII and CJK like real chat traffic.

export const utf8 = new TextEncoder();
export const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const FILL = '京ME robot 你好 hello, world 0123456789 ';

export function eventOfSize(bytes, i, timeStamp) {
  const ev = {
    timeStamp,
    eventId: `bench-${bytes}-${i}-${globalThis.crypto.randomUUID()}`,
    robotApp: 'robot.dd',
    eventType: 'chat_message',
    event: {
      sender: { app: 'ee', clientType: 'pc', pin: 'fake.user1' },
      groupId: '10000000001',
      msgId: String(352829272 + i),
      body: { type: 'text', content: '', atUsers: [{ app: 'robot.dd', pin: 'app.fake', nickname: '测试机器人' }], requestData: { sessionId: '10000000001' } },
      chatType: 2,
    },
    robotPin: 'app.fake',
    token: signJdmeToken(VT, timeStamp),
  };
  let room = bytes - utf8.encode(JSON.stringify(ev)).length;
  if (room < 0) throw new Error(`event skeleton exceeds ${bytes} bytes`);
  let content = '';
  for (const ch of FILL.repeat(Math.ceil(bytes / FILL.length) + 1)) {
    const n = utf8.encode(ch).length;
    if (n > room) break;
    content += ch;
    room -= n;
  }
  content += ' '.repeat(room);
  ev.event.body.content = content;
  const text = JSON.stringify(ev);
  if (utf8.encode(text).length !== bytes) throw new Error('size mismatch');
  return { ev, text };
}

/**
 * `n` distinct encrypted, signed events of `bytes` plaintext bytes (host side: uses Buffer),
 * plus a body with a flipped pad byte, one with a forged token and one with whitespace in its
 * Base64, for the self-checks.
 */
export function makeCase(bytes, n) {
  const now = Date.now();
  const pool = [];
  for (let i = 0; i < n; i++) {
    const { ev, text } = eventOfSize(bytes, i, now);
    const body = utf8.encode(JSON.stringify({ encrypt: encryptJdmeEvent(KEY, text) }));
    pool.push({ ev, text, body });
  }
  const first = pool[0];
  const rawB64 = Buffer.from(JSON.parse(Buffer.from(first.body).toString()).encrypt, 'base64');
  rawB64[rawB64.length - 17] ^= 1; // flips the last pad byte: always a padding failure
  const tampered = utf8.encode(JSON.stringify({ encrypt: rawB64.toString('base64') }));
  const forgedEv = { ...first.ev, token: signJdmeToken('fake-other-token', first.ev.timeStamp) };
  const forged = utf8.encode(JSON.stringify({ encrypt: encryptJdmeEvent(KEY, forgedEv) }));
  const b64 = JSON.parse(Buffer.from(first.body).toString()).encrypt;
  const spaced = utf8.encode(JSON.stringify({ encrypt: `${b64.slice(0, 8)}\n${b64.slice(8)}` }));
  return { bytes, pool, tampered, forged, spaced, bodyBytes: first.body.length };
}

// ---------------------------------------------------------------------------------------------
// The strict checks every JS contender does.

export function checkEventShape(ev) {
  if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) throw new Error('not an object');
  if (typeof ev.eventType !== 'string') throw new Error('eventType missing');
  if (typeof ev.token !== 'string') throw new Error('token missing');
  const ts = ev.timeStamp;
  if (!(Number.isSafeInteger(ts) && ts >= 0) && !(typeof ts === 'string' && /^\d{1,20}$/.test(ts))) throw new Error('bad timeStamp');
  return String(ts);
}

export function checkWindow(tsText, now) {
  if (Math.abs(Number(tsText) - now) > WINDOW_MS) throw new Error('timestamp out of window');
}

export function envelope(body) {
  const outer = JSON.parse(strictUtf8.decode(body));
  if (outer === null || typeof outer !== 'object' || typeof outer.encrypt !== 'string') throw new Error('no encrypt');
  return outer.encrypt;
}

// Base64 must be strict like robotwire's (padded standard alphabet, canonical): the JS
// decoders are lenient (Buffer skips junk, atob skips whitespace), so each contender checks
// that re-encoding the bytes gives the input back, the cheapest strict check available to it.

export function jsCtEqual(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

// WebCrypto, as edge code does it (no Buffer: atob + a byte loop, btoa for the token).
export function b64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
export function bytesToB64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000));
  return btoa(s);
}

/** The WebCrypto contender, given `subtle` and the AES-CBC key made from SHA-256(Encrypt Key). */
export function webCryptoVerifier(subtle, webKey) {
  return async function verifyWebCrypto(body, now) {
    const b64 = envelope(body);
    const raw = b64ToBytes(b64); // atob skips whitespace and accepts missing padding:
    if (bytesToB64(raw) !== b64) throw new Error('bad base64'); // the round trip makes it strict
    if (raw.length < 32 || raw.length % 16 !== 0) throw new Error('bad ciphertext length');
    // WebCrypto's AES-CBC checks every PKCS#7 byte and throws OperationError otherwise.
    const plain = new Uint8Array(await subtle.decrypt({ name: 'AES-CBC', iv: raw.subarray(0, 16) }, webKey, raw.subarray(16)));
    const ev = JSON.parse(strictUtf8.decode(plain));
    const ts = checkEventShape(ev);
    const digest = new Uint8Array(await subtle.digest('SHA-256', utf8.encode(`${VT}\n${ts}`)));
    if (!jsCtEqual(bytesToB64(digest), ev.token)) throw new Error('token mismatch');
    checkWindow(ts, now);
    return ev;
  };
}

/** The AES-CBC key for `subtle` (derived once, outside any timed loop). */
export async function webCryptoKey(subtle) {
  const raw = await subtle.digest('SHA-256', utf8.encode(KEY));
  return subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['decrypt']);
}

/**
 * Reads the core verifier's answer as js/src/wasm/jdme-webhook.ts `read` and `unpack` do: the
 * packed text (header line, newline, JSON: src/wasm/jdme_webhook.rs) left in wasm `memory`,
 * `n` = code units × 2 + 1 when UTF-16. `node`: Buffer, as core/host-node.ts; else
 * TextDecoder, as core/host.ts does on the edge. Returns `(verifier, n) => json`.
 */
export function answerReader(memory, node) {
  const td8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const td16 = new TextDecoder('utf-16le', { ignoreBOM: true });
  return (verifier, n) => {
    const wide = n % 2 === 1;
    const units = (n - (wide ? 1 : 0)) / 2;
    const ptr = verifier.answerPtr();
    const packed = node
      ? wide ? Buffer.from(memory.buffer, ptr, units * 2).toString('utf16le') : Buffer.from(memory.buffer, ptr, units).toString('latin1')
      : wide ? td16.decode(new Uint16Array(memory.buffer, ptr, units)) : td8.decode(new Uint8Array(memory.buffer, ptr, units));
    return packed.slice(packed.indexOf('\n') + 1);
  };
}
