import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey } from './types.js';
import { RobotwireError } from '../core/errors.js';

/** What a `MemoryStore` lends the rate decision: its entries, and room for new ones. */
export interface MemoryRateAccess {
  /** The live value of `key`, if any. */
  get(key: string): string | undefined;
  /** Room for `n` more keys, or throws `store_full`. */
  room(n: number): void;
  put(key: string, value: string, ttlMs: number): void;
}

/** The all-or-nothing decision over a store's entries (installed by the JD ME outbound module). */
export type MemoryRateDecide = (keys: readonly PlannedKey[], nowMs: number, access: MemoryRateAccess) => StoreRateDecision;

// Installed by jdme/rules.ts, i.e. only where the JD ME outbound core is part of a bundle: the
// webhook-only entry keeps MemoryStore (for dedupe) without the rate engine or its decision
// loop. Kept on globalThis under a registered symbol, so a MemoryStore from `robotwire/webhook`
// still decides for a JdmeClient from `robotwire` (each entry is its own bundle).
const DECIDE = Symbol.for('robotwire.memoryRateDecide');
const registry = globalThis as { [DECIDE]?: MemoryRateDecide };

/** @internal */
export function installMemoryRateDecide(decide: MemoryRateDecide): void {
  registry[DECIDE] ??= decide;
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

  /**
   * All-or-nothing decision over `keys` with the Rust engine. Synchronous inside, so no other
   * caller of this store can interleave between reading and writing the states.
   */
  async rateDecide(keys: readonly PlannedKey[], nowMs: number): Promise<StoreRateDecision> {
    const decide = registry[DECIDE];
    if (decide === undefined) {
      throw new RobotwireError('wasm_not_loaded', 'MemoryStore.rateDecide needs the JD ME outbound core: import robotwire (not robotwire/webhook)');
    }
    return decide(keys, nowMs, {
      get: (key) => this.#live(key)?.value,
      room: (n) => this.#room(n),
      put: (key, value, ttlMs) => this.#put(key, value, ttlMs),
    });
  }
}
