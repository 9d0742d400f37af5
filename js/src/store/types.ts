// The store behind idempotency (webhook eventIds) and, later, tokens and rule state.
// Small on purpose: a Redis store implements it with GET / SET PX / SET NX PX / DEL.

export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Sets `key`; `ttlMs` of undefined keeps it until evicted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets `key` only if absent (or expired); true when this call set it. Atomic. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}
