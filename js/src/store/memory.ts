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
  /**
   * Hard cap on live entries. Nothing is ever evicted before it expires (an entry is a promise:
   * an eventId seen, a rate window, a token); expired entries are dropped by time. When the cap
   * is reached and nothing has expired yet, writes throw `RobotwireError` `store_full` (the
   * webhook reports it to `onError` and dispatches with `possibleDuplicate`; a send fails)
   * instead of forgetting. Default 500 000, about 140 MB at the measured 260–290 B per entry
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
 * Bounded honestly: entries leave only when they expire (a min-heap of expiry times, swept on
 * every write), and a full store refuses writes loudly rather than forgetting a guarantee.
 */
export class MemoryStore implements KeyValueStore, RateLimitStore {
  readonly #map = new Map<string, Entry>();
  readonly #max: number;
  readonly #now: () => number;
  // Expiry heap as parallel arrays (less memory than an object per node). A key written again
  // leaves its old node behind; it is recognised as stale on pop (its time no longer matches),
  // and the heap is rebuilt when stale nodes outnumber live entries.
  #heapAt: number[] = [];
  #heapKey: string[] = [];

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 500_000;
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be a positive integer');
    this.#max = max;
    this.#now = options.now ?? Date.now;
  }

  /** Live entries (expired ones not yet swept may be counted until the next write). */
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

  /** Drops every expired entry (heap order: soonest first). */
  #sweep(): void {
    const now = this.#now();
    const at = this.#heapAt;
    while (at.length > 0 && at[0]! <= now) {
      const key = this.#heapKey[0]!;
      const t = this.#pop();
      const e = this.#map.get(key);
      if (e && e.expiresAt === t) this.#map.delete(key);
    }
    if (at.length > 2 * this.#map.size + 1024) this.#rebuild();
  }

  /** Makes room for `n` new keys, or throws `store_full`; nothing is evicted early. */
  #room(n: number): void {
    // Every write sweeps: pops only what has expired, and keeps stale heap nodes bounded.
    this.#sweep();
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
    if (expiresAt !== Infinity) this.#push(expiresAt, key);
  }

  #push(t: number, key: string): void {
    const at = this.#heapAt;
    const keys = this.#heapKey;
    let i = at.length;
    at.push(t);
    keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (at[p]! <= t) break;
      at[i] = at[p]!;
      keys[i] = keys[p]!;
      i = p;
    }
    at[i] = t;
    keys[i] = key;
  }

  /** Removes the root; returns its time. */
  #pop(): number {
    const at = this.#heapAt;
    const keys = this.#heapKey;
    const top = at[0]!;
    const lastT = at.pop()!;
    const lastK = keys.pop()!;
    const n = at.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && at[l + 1]! < at[l]! ? l + 1 : l;
        if (at[c]! >= lastT) break;
        at[i] = at[c]!;
        keys[i] = keys[c]!;
        i = c;
      }
      at[i] = lastT;
      keys[i] = lastK;
    }
    return top;
  }

  #rebuild(): void {
    this.#heapAt = [];
    this.#heapKey = [];
    for (const [key, e] of this.#map) if (e.expiresAt !== Infinity) this.#push(e.expiresAt, key);
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
    // All or nothing: room for every new key first, so a full store records none of them.
    this.#room(updates.filter((u) => !this.#map.has(u.key)).length);
    for (const u of updates) this.#put(u.key, JSON.stringify(u.state), Math.max(1, u.ttlMs));
    return { allowed: true, retryAfterMs: 0, denied };
  }
}
