// The store behind idempotency (webhook eventIds), shared access tokens and the rate-limit
// state. Small on purpose: `MemoryStore` (one process) and `RedisStore` (many instances)
// implement it with the same semantics.

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

/**
 * One limiter key a request must pass, with its algorithm's parameters (times in ms), as the
 * rate engine plans it (`planJdmeRate`). `platformCode` is what the platform answers when it
 * is exceeded (99990105 or 20100009). Generic: any platform's quotas can be written this way.
 */
export interface PlannedKey {
  key: string;
  rule: string;
  /** `log`: never more than `limit` in any `windowMs`; `window`: per aligned window; `duplicate`: once per window. */
  algorithm: 'log' | 'window' | 'duplicate';
  limit: number;
  windowMs: number;
  offsetMs: number;
  platformCode: number;
}

/** The state one limiter key holds: sliding log `{log}`, windows `{window, prev, curr}`, duplicates `{last}`. */
export type RateState = { log: number[] } | { window: number; prev: number; curr: number } | { last: number };

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

/** Options of `RateLimitStore.rateDecide`. */
export interface RateDecideOptions {
  /**
   * Record the request when allowed. Default true. `false` only asks (the simulator asks,
   * checks the rest of the request, then records only what the platform would accept).
   */
  commit?: boolean;
}

/**
 * Atomic all-or-nothing rate decisions over the keys a request must pass (`planJdmeRate`):
 * every key is decided with the algorithms of `src/jdme/ratelimit/algorithms.rs` (sliding log,
 * sliding window, duplicate); if all allow, the request is recorded on every key, else
 * nothing is. `MemoryStore` runs the Rust engine; `RedisStore` runs a Lua port checked against
 * the same test vectors (tests/fixtures/jdme/ratelimit_vectors.json).
 */
export interface RateLimitStore {
  /**
   * Decides whether a request that must pass `keys` may go at `nowMs` (epoch ms) and, if so,
   * records it; a refusal records nothing and says how long to wait.
   */
  rateDecide(keys: readonly PlannedKey[], nowMs: number, options?: RateDecideOptions): Promise<StoreRateDecision>;
  /**
   * Moves the request recorded at `sentAtMs` to `doneAtMs`, when its answer came back: the
   * platform counted it somewhere in between, and recording the later time keeps every window
   * exact on the platform's clock too. Optional: a store without it keeps the send time (then
   * leave a margin for network jitter).
   */
  rateSettle?(keys: readonly PlannedKey[], sentAtMs: number, doneAtMs: number): Promise<void>;
}

/** What `JdmeClient` needs: key/value for tokens and idempotency, plus atomic rate decisions. */
export type RobotwireStore = KeyValueStore & RateLimitStore;

