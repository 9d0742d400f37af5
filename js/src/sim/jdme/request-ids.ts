// "requestId string 是 请求UUID，不能重复" (every timline request table): the seed forbids repeating
// a requestId but gives no code for it. The simulator's reading: a repeat of a requestId the
// platform has already accepted, from the same app within 24 hours, is answered 1101506
// 请勿重复提交 (the catalogue's only "do not submit again" code) and does nothing. Refused
// requests do not use their id up (JdmeClient retries a refusal under a new id anyway).
// Bounded: ids leave after 24 h, and beyond `max` ids the oldest leave first.

/** The answer to a repeated requestId (catalogue: 请勿重复提交). */
export const REPEATED_REQUEST_ID = 1101506;

const DAY_MS = 24 * 3_600_000;

export class SeenRequestIds {
  // Insertion order is time order: the oldest entries are at the front.
  readonly #seen = new Map<string, number>();
  readonly #max: number;

  constructor(max = 200_000) {
    this.#max = max;
  }

  #expire(now: number): void {
    for (const [k, at] of this.#seen) {
      if (at > now - DAY_MS && this.#seen.size <= this.#max) break;
      this.#seen.delete(k);
    }
  }

  /** Whether `requestId` was accepted for `appKey` in the last 24 hours. */
  has(appKey: string, requestId: string, now: number): boolean {
    this.#expire(now);
    return this.#seen.has(`${appKey}\n${requestId}`);
  }

  /** Records an accepted request. */
  add(appKey: string, requestId: string, now: number): void {
    this.#seen.set(`${appKey}\n${requestId}`, now);
    this.#expire(now);
  }
}
