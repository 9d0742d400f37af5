// Every random id the package makes comes from here: JD ME `requestId`s, bulk-send request ids,
// lock owners and sliding-log members (UUID v4), and 有机云 `request_id`s (32 lowercase hex).
// The Rust core has no random number generator; it is handed these ids. No `node:` import:
// `crypto.getRandomValues`/`crypto.randomUUID` are the Web Crypto API. On Node 18, where
// `crypto` is not global, the Node entries supply node:crypto's implementation through
// `setRandomSource`.
import { RobotwireError } from './errors.js';

/** Fills `bytes` in place with cryptographically secure random bytes, like `crypto.getRandomValues`. */
export type FillRandom = (bytes: Uint8Array) => void;

interface WebCrypto {
  getRandomValues?: (b: Uint8Array) => Uint8Array;
  randomUUID?: () => string;
}

let source: FillRandom | undefined;

/** Replaces the random source (must be a CSPRNG) for every id made here. */
export function setRandomSource(fill: FillRandom): void {
  source = fill;
}

const webCrypto = (): WebCrypto | undefined => (globalThis as { crypto?: WebCrypto }).crypto;

/** `n` bytes from the random source, refusing a source that left them all zero (not filled). */
export function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  if (source) {
    source(bytes);
  } else {
    const c = webCrypto();
    if (typeof c?.getRandomValues !== 'function') {
      throw new RobotwireError('no_random_source', 'crypto.getRandomValues is not available on this runtime (no Web Crypto); for robotwire/yjiyun call setYjiyunRandomSource with a CSPRNG');
    }
    c.getRandomValues(bytes);
  }
  // An all-zero buffer is what an unfilled Uint8Array looks like: refuse it rather than hand
  // out the same id twice.
  if (bytes.every((b) => b === 0)) {
    throw new RobotwireError('invalid_argument', 'request id random bytes are all zero (not filled?)');
  }
  return bytes;
}

const HEX = '0123456789abcdef';

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 0x0f]!;
  return s;
}

/** `2 × bytes` lowercase hex characters of fresh randomness (16 bytes: a 有机云 `request_id`). */
export function hexId(bytes: number): string {
  return hex(randomBytes(bytes));
}

/**
 * A fresh UUID v4, lower-case and hyphenated: `crypto.randomUUID()`, or (with a replaced random
 * source, or where only `getRandomValues` exists) 16 random bytes with the version nibble set
 * to 4 and the variant bits to `10` (RFC 9562).
 */
export function uuid(): string {
  const c = webCrypto();
  if (!source && typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
