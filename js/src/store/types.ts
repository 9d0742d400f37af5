// The store behind idempotency (webhook eventIds), shared access tokens and the rate-limit
// state. Small on purpose: `MemoryStore` (one process) and `RedisStore` (many instances)
// implement it with the same semantics.
import type { PlannedKey, RateState } from '../jdme/rules.js';

export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Sets `key`; `ttlMs` of undefined keeps it until evicted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets `key` only if absent (or expired); true when this call set it. Atomic. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** One limiter key's refusal. */
export interface RateDenial {
  rule: string;
  key: string;
  retryAfterMs: number;
  platformCode: number;
}

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
  rateDecide(keys: readonly PlannedKey[], nowMs: number): Promise<StoreRateDecision>;
}

/** What `JdmeClient` needs: key/value for tokens and idempotency, plus atomic rate decisions. */
export type RobotwireStore = KeyValueStore & RateLimitStore;

export type { PlannedKey, RateState };
