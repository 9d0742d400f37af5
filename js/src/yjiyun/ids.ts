// `request_id` (1.3: 32 characters, globally unique, in the query string) and `messageId`
// (3.0: at most 32 characters, "时间戳+0001"). The Rust core formats them; randomness and the
// clock come from here. No `node:` import: `crypto.getRandomValues` is the Web Crypto API (the
// Node entry supplies node:crypto's implementation on Node 18, where it is not global).
import { messageId, requestId } from '../wasm/yjiyun.js';
import { RobotwireError } from '../core/errors.js';

/** Fills `bytes` in place with cryptographically secure random bytes, like `crypto.getRandomValues`. */
export type FillRandom = (bytes: Uint8Array) => void;

let fillRandom: FillRandom | undefined;

/** Replaces the random source (must be a CSPRNG). The Node entry calls this on Node 18. */
export function setYjiyunRandomSource(fill: FillRandom): void {
  fillRandom = fill;
}

function fill(bytes: Uint8Array): void {
  if (fillRandom) return fillRandom(bytes);
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues !== 'function') {
    throw new RobotwireError('no_random_source', 'crypto.getRandomValues is not available; call setYjiyunRandomSource with a CSPRNG');
  }
  c.getRandomValues(bytes);
}

/** A fresh `request_id`: 32 lowercase hex characters from 16 random bytes. */
export function newYjiyunRequestId(): string {
  const bytes = new Uint8Array(16);
  fill(bytes);
  return requestId(bytes);
}

/**
 * `messageId`s: Unix milliseconds + a 4-digit sequence (`15850245500000001`), strictly
 * increasing within one source. When 9 999 ids are taken in one millisecond the source borrows
 * the next millisecond, so ids never repeat and never exceed 32 characters.
 */
export class YjiyunMessageIds {
  #lastMs = -1;
  #seq = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The next `messageId` (17 digits today: epoch ms followed by a 4-digit sequence). */
  next(): string {
    const ms = Math.floor(this.#now());
    if (ms > this.#lastMs) {
      this.#lastMs = ms;
      this.#seq = 1;
    } else if (this.#seq < 9_999) {
      this.#seq += 1;
    } else {
      this.#lastMs += 1;
      this.#seq = 1;
    }
    return messageId(this.#lastMs, this.#seq);
  }
}

/** The process-wide source the clients share by default. */
export const defaultYjiyunMessageIds = new YjiyunMessageIds();
