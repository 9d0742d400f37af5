import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey, RateDecideOptions } from './types.js';
import { RobotwireError } from '../core/errors.js';

/**
 * The limiter states of one store, kept inside the rate engine (Rust `RateBook`): a decision
 * over all of a request's keys is one call, and no state crosses the wasm boundary. All the
 * work (and its checks) lives with the engine, so the webhook-only bundle carries none of it.
 * @internal
 */
export interface RateBookLike {
  decide(keys: readonly PlannedKey[], nowMs: number, commit: boolean): StoreRateDecision;
  settle(keys: readonly PlannedKey[], sentMs: number, doneMs: number): void;
  peek(key: string): string | undefined;
}

// Installed by jdme/rules.ts, i.e. only where the JD ME outbound core is part of a bundle: the
// webhook-only entry keeps MemoryStore (for dedupe) without the rate engine. Kept on
// globalThis under a registered symbol, so a MemoryStore from `robotwire/webhook` still
// decides for a JdmeClient from `robotwire` (each entry is its own bundle).
const BOOK = Symbol.for('robotwire.rateBook');
const registry = globalThis as { [BOOK]?: (capacity: number) => RateBookLike };

/** @internal */
export function installRateBook(create: (capacity: number) => RateBookLike): void {
  registry[BOOK] ??= create;
}

/** Options of `MemoryStore`. */
export interface MemoryStoreOptions {
  /**
   * Hard cap on live entries. Nothing is ever evicted before it expires (an entry is a promise:
   * an eventId seen, a rate window, a token); expired entries are dropped by time. When the cap
   * is reached and nothing has expired yet, writes throw `RobotwireError` `store_full` (the
   * webhook reports it to `onError` and dispatches with `possibleDuplicate`; a send fails)
   * instead of forgetting. Default 500 000, about 130 MB at the measured 250–280 B per entry
   * (Node 20): an hour of webhook dedupe at 138 events/s, or an hour of full-quota sending
   * (1000/min) with room to spare. Above that, use `RedisStore`.
   */
  maxEntries?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number; // Infinity when no TTL
}

/**
 * In-process store, the default: per process, so several instances need `RedisStore`.
 * Bounded honestly: an entry leaves only when it has expired (read lazily; swept in one pass
 * when the store is full), and a full store refuses writes loudly rather than forgetting a
 * guarantee.
 */
export class MemoryStore implements KeyValueStore, RateLimitStore {
  readonly #map = new Map<string, Entry>();
  readonly #max: number;
  readonly #now: () => number;
  /** The earliest expiry the last sweep left behind: no sweep can free anything before it. */
  #nextExpiry = -Infinity;

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 500_000;
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be a positive integer');
    this.#max = max;
    this.#now = options.now ?? Date.now;
  }

  /** Entries held, expired ones not yet swept included (they are swept when the store is full). */
  get size(): number {
    return this.#map.size;
  }

  /** The cap given as `maxEntries`. */
  get capacity(): number {
    return this.#max;
  }

  #live(key: string): Entry | undefined {
    const e = this.#map.get(key);
    if (e && e.expiresAt <= this.#now()) {
      this.#map.delete(key);
      return undefined;
    }
    return e;
  }

  /**
   * Makes room for `n` new keys, or throws `store_full`; nothing is evicted before it expires.
   * A sweep is one pass over the map, run only when full and only once something can have
   * expired since the last one, so a full store costs nothing per refused write.
   */
  #room(n: number): void {
    if (this.#map.size + n <= this.#max) return;
    const now = this.#now();
    if (now >= this.#nextExpiry) {
      let next = Infinity;
      for (const [key, e] of this.#map) {
        if (e.expiresAt <= now) this.#map.delete(key);
        else if (e.expiresAt < next) next = e.expiresAt;
      }
      this.#nextExpiry = next;
    }
    if (this.#map.size + n > this.#max) {
      throw new RobotwireError(
        'store_full',
        `MemoryStore is full: ${this.#map.size} live entries (maxEntries ${this.#max}) and none has expired; raise maxEntries or use a shared store such as RedisStore`,
      );
    }
  }

  #put(key: string, value: string, ttlMs: number | undefined): void {
    const expiresAt = ttlMs === undefined ? Infinity : this.#now() + ttlMs;
    this.#map.set(key, { value, expiresAt });
    if (expiresAt < this.#nextExpiry) this.#nextExpiry = expiresAt;
  }

  async get(key: string): Promise<string | null> {
    return this.#live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.#room(this.#live(key) ? 0 : 1);
    this.#put(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key)) return false;
    this.#room(1);
    this.#put(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#map.delete(key);
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (this.#live(key)?.value !== value) return false;
    this.#map.delete(key);
    return true;
  }

  #book?: RateBookLike;

  #rates(): RateBookLike {
    if (this.#book) return this.#book;
    const create = registry[BOOK];
    if (create === undefined) {
      throw new RobotwireError('wasm_not_loaded', 'MemoryStore.rateDecide needs the JD ME outbound core: import robotwire (not robotwire/webhook)');
    }
    // Its own bound, the same number: a limiter state is never forgotten either.
    return (this.#book = create(this.#max));
  }

  /**
   * All-or-nothing decision over `keys` with the Rust engine, synchronous inside: no other
   * caller of this store can interleave between reading and writing the states.
   * @internal The simulator asks and then commits in one synchronous turn.
   */
  rateDecideNow(keys: readonly PlannedKey[], nowMs: number, commit = true): StoreRateDecision {
    return this.#rates().decide(keys, nowMs, commit);
  }

  async rateDecide(keys: readonly PlannedKey[], nowMs: number, options?: RateDecideOptions): Promise<StoreRateDecision> {
    return this.rateDecideNow(keys, nowMs, options?.commit ?? true);
  }

  /** @internal Synchronous `rateSettle`. */
  rateSettleNow(keys: readonly PlannedKey[], sentAtMs: number, doneAtMs: number): void {
    this.#rates().settle(keys, sentAtMs, doneAtMs);
  }

  async rateSettle(keys: readonly PlannedKey[], sentAtMs: number, doneAtMs: number): Promise<void> {
    this.rateSettleNow(keys, sentAtMs, doneAtMs);
  }

  /**
   * The JSON text of a limiter key's live state (`{log}`, `{window, prev, curr}`, `{last}`).
   * @internal For tests and the simulator page.
   */
  rateState(key: string): string | undefined {
    return this.#book?.peek(key);
  }
}
