import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey, RateDenial } from './types.js';
import { RobotwireError, fromCore } from '../core/errors.js';

/** One key's rate decision (the Rust engine's `jdmeRateDecideOne`). */
type RateEngine = (
  params: { algorithm: string; limit: number; windowMs: number; burst?: number; offsetMs?: number },
  state: unknown,
  nowMs: number,
) => { allowed: boolean; retryAfterMs: number; state?: unknown; ttlMs?: number };

// Installed by jdme/rules.ts, i.e. only where the JD ME outbound core is part of a bundle: the
// webhook-only entry keeps MemoryStore (for dedupe) without pulling that module in. Kept on
// globalThis under a registered symbol, so a MemoryStore from `robotwire/webhook` still decides
// for a JdmeClient from `robotwire` (each entry is its own bundle).
const ENGINE = Symbol.for('robotwire.rateEngine');
const registry = globalThis as { [ENGINE]?: RateEngine };

/** @internal */
export function installRateEngine(engine: RateEngine): void {
  registry[ENGINE] ??= engine;
}

/** Options of `MemoryStore`. */
export interface MemoryStoreOptions {
  /** Upper bound on live entries; the least recently written is evicted first. Default 10 000. */
  maxEntries?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number; // Infinity when no TTL
}

/**
 * In-process store, the default. Bounded so a flood of distinct eventIds cannot grow memory
 * without limit; per process, so several instances need `RedisStore` instead.
 */
export class MemoryStore implements KeyValueStore, RateLimitStore {
  readonly #map = new Map<string, Entry>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be a positive integer');
    this.#max = max;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#map.size;
  }

  #live(key: string): Entry | undefined {
    const e = this.#map.get(key);
    if (e && e.expiresAt <= this.#now()) {
      this.#map.delete(key);
      return undefined;
    }
    return e;
  }

  #put(key: string, value: string, ttlMs: number | undefined): void {
    this.#map.delete(key); // re-insert at the end: Map order is our eviction order
    this.#map.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.#now() + ttlMs });
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
    }
  }

  async get(key: string): Promise<string | null> {
    return this.#live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.#put(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key)) return false;
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
    const denied: RateDenial[] = [];
    const updates: { key: string; state: unknown; ttlMs: number }[] = [];
    const rateEngine = registry[ENGINE];
    if (rateEngine === undefined) {
      throw new RobotwireError('wasm_not_loaded', 'MemoryStore.rateDecide needs the JD ME outbound core: import robotwire (not robotwire/webhook)');
    }
    for (const k of keys) {
      const stored = this.#live(k.key);
      let o: { allowed: boolean; retryAfterMs: number; state?: unknown; ttlMs?: number };
      try {
        const params = { algorithm: k.algorithm, limit: k.limit, windowMs: k.windowMs, burst: k.burst, offsetMs: k.offsetMs };
        o = rateEngine(params, stored ? JSON.parse(stored.value) : null, nowMs);
      } catch (e) {
        throw fromCore(e);
      }
      if (o.allowed) {
        if (o.state !== undefined && o.state !== null) updates.push({ key: k.key, state: o.state, ttlMs: o.ttlMs ?? 0 });
      } else {
        denied.push({ rule: k.rule, key: k.key, retryAfterMs: o.retryAfterMs, platformCode: k.platformCode });
      }
    }
    if (denied.length > 0) return { allowed: false, retryAfterMs: Math.max(...denied.map((d) => d.retryAfterMs)), denied };
    for (const u of updates) this.#put(u.key, JSON.stringify(u.state), Math.max(1, u.ttlMs));
    return { allowed: true, retryAfterMs: 0, denied };
  }
}
