// The store behind idempotency (webhook eventIds), shared access tokens and the rate-limit
// state. Small on purpose: `MemoryStore` (one process) and `RedisStore` (many instances)
// implement it with the same semantics.
import type { PlannedKey, RateState } from '../jdme/rules.js';

/**
 * String key/value storage with expiry: webhook eventIds (dedupe) and shared access tokens.
 * `MemoryStore` and `RedisStore` implement it; TTLs are in milliseconds.
 */
export interface KeyValueStore {
  /** The value of `key`, or null when it is absent or expired. */
  get(key: string): Promise<string | null>;
  /** Sets `key`; `ttlMs` of undefined keeps it until evicted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets `key` only if absent (or expired); true when this call set it. Atomic. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Removes `key`; no error when it is absent. */
  delete(key: string): Promise<void>;
  /**
   * Removes `key` only if its value is `value`; true when it did. Atomic. Optional: lock owners
   * release with it (a store without it gets a get-then-delete, see `releaseOwned`).
   */
  deleteIfEquals?(key: string, value: string): Promise<boolean>;
}

/** One limiter key's refusal. */
export interface RateDenial {
  rule: string;
  key: string;
  retryAfterMs: number;
  platformCode: number;
}

/** The answer of `RateLimitStore.rateDecide`: allowed (every new state stored), or refused (nothing stored). */
export interface StoreRateDecision {
  allowed: boolean;
  /** When refused: wait at least this long before asking again. */
  retryAfterMs: number;
  denied: RateDenial[];
}

/**
 * Atomic all-or-nothing rate decisions over the keys a request must pass (`planJdmeRate`):
 * every key is decided with the algorithm in `src/jdme/ratelimit.rs` (GCRA, sliding window,
 * duplicate); if all allow, every new state is stored with its TTL, else nothing is stored.
 * `MemoryStore` runs the Rust engine; `RedisStore` runs a Lua port checked against the same
 * test vectors (tests/fixtures/jdme/ratelimit_vectors.json).
 */
export interface RateLimitStore {
  /**
   * Decides whether a request that must pass `keys` may go at `nowMs` (epoch ms) and, if so,
   * records it; a refusal records nothing and says how long to wait.
   */
  rateDecide(keys: readonly PlannedKey[], nowMs: number): Promise<StoreRateDecision>;
}

/** What `JdmeClient` needs: key/value for tokens and idempotency, plus atomic rate decisions. */
export type RobotwireStore = KeyValueStore & RateLimitStore;

export type { PlannedKey, RateState };
