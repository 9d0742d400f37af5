// `request_id` (1.3: 32 characters, globally unique, in the query string) and `messageId`
// (3.0: at most 32 characters, "时间戳+0001"). The random part comes from core/ids.ts, like every
// other random id of the package; the Rust core formats `messageId` from the clock given here.
import { messageId } from '../wasm/yjiyun.js';
import { hexId, setRandomSource, type FillRandom } from '../core/ids.js';

export type { FillRandom };

/** An id as a caller writes it: a string (always exact) or a number (only below 2^53). */
export type YjiyunId = string | number;

/**
 * Replaces the random source (must be a CSPRNG) of the ids `robotwire/yjiyun` makes. The Node
 * entry calls this on Node 18.
 */
export function setYjiyunRandomSource(fill: FillRandom): void {
  setRandomSource(fill);
}

/** A fresh `request_id`: 32 lowercase hex characters from 16 random bytes. */
export function newYjiyunRequestId(): string {
  return hexId(16);
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
