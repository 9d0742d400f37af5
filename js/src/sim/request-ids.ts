// Request ids a simulator has seen, to refuse a repeat: JD ME's `requestId` ("不能重复") and
// 有机云's `request_id` (1.3 "全局唯一"). Bounded: beyond `max` ids the oldest leave first, and
// with a `ttlMs` ids also leave after that long.

export class SeenRequestIds {
  // Insertion order is time order: the oldest entries are at the front.
  readonly #seen = new Map<string, number>();
  readonly #max: number;
  readonly #ttlMs: number;

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.#max = options.max ?? 200_000;
    this.#ttlMs = options.ttlMs ?? Infinity;
  }

  #expire(now: number): void {
    for (const [k, at] of this.#seen) {
      if (at > now - this.#ttlMs && this.#seen.size <= this.#max) break;
      this.#seen.delete(k);
    }
  }

  /** Whether `id` was recorded under `scope` (and has not left). */
  has(scope: string, id: string, now: number): boolean {
    this.#expire(now);
    return this.#seen.has(`${scope}\n${id}`);
  }

  /** Records `id` under `scope`. */
  add(scope: string, id: string, now: number): void {
    this.#seen.set(`${scope}\n${id}`, now);
    this.#expire(now);
  }
}
