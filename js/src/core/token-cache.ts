// An access token shared by every caller and instance: cached in a `KeyValueStore`, renewed
// early (both platforms let a call inside the lifetime return a usable token: JD ME issues a new
// one with both valid, yjiyun extends it), refreshed by one caller at a time (in process: one
// shared promise; across processes: a lock key in the store). Used for JD ME's app and team
// tokens and yjiyun's 2.1 token. The token never reaches a log line or an error.
import type { KeyValueStore } from '../store/types.js';
import type { Logger } from './logger.js';
import { RobotwireError } from './errors.js';
import { newLockOwner, releaseOwned } from './store-lock.js';
import { sleep } from './retry.js';

/** A token as `TokenCache` stores it (JSON under the cache's key). */
export interface CachedToken {
  token: string;
  /** Epoch ms (local clock) after which the token must not be used. */
  expiresAt: number;
  /** Epoch ms (local clock) when the request that obtained it left. */
  obtainedAt: number;
}

/** Fetches a fresh token: its text and lifetime. */
export type TokenFetch = () => Promise<{ token: string; lifetimeMs: number }>;

/** Options of `TokenCache`. */
export interface TokenCacheOptions {
  /** Where the token is shared; use one store (e.g. `RedisStore`) across instances. */
  store: KeyValueStore;
  /** Store key of the token; the refresh lock is `key + ':lock'`. */
  key: string;
  /** Renew when less than this remains: ms, or a function of the token's lifetime. Default 10 minutes. */
  renewBeforeMs?: number | ((lifetimeMs: number) => number);
  /** How long one refresher may hold the cross-process lock. Default 15 s. */
  lockMs?: number;
  /** Clock in epoch ms, injectable for tests. Default `Date.now`. */
  now?: () => number;
  logger?: Logger;
}


/**
 * An access token shared by every caller and instance through a `KeyValueStore`: renewed before
 * it expires, fetched by one caller at a time (a lock key across processes). `get` throws
 * `RobotwireError` `token_refresh_timeout` when another instance holds the lock too long.
 */
export class TokenCache {
  readonly #fetch: TokenFetch;
  readonly #o: Required<Omit<TokenCacheOptions, 'logger'>> & { logger?: Logger };
  #memo: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  /** Fetches this process made (tests assert "one token request"). */
  fetches = 0;

  constructor(fetch: TokenFetch, options: TokenCacheOptions) {
    this.#fetch = fetch;
    this.#o = { renewBeforeMs: 600_000, lockMs: 15_000, now: Date.now, ...options };
  }

  #renewBefore(t: CachedToken): number {
    const r = this.#o.renewBeforeMs;
    return typeof r === 'function' ? r(Math.max(0, t.expiresAt - t.obtainedAt)) : r;
  }

  #fresh(t: CachedToken | undefined): t is CachedToken {
    return t !== undefined && t.expiresAt - this.#o.now() > this.#renewBefore(t);
  }

  /** The cached token without any I/O (undefined when none is known in this process). */
  peek(): CachedToken | undefined {
    return this.#memo ? { ...this.#memo } : undefined;
  }

  /** When the cached token should be renewed (epoch ms), or undefined. */
  renewAt(): number | undefined {
    return this.#memo ? this.#memo.expiresAt - this.#renewBefore(this.#memo) : undefined;
  }

  /** A token with more than the renewal margin left; fetches one if needed. */
  async get(): Promise<string> {
    if (this.#fresh(this.#memo)) return this.#memo.token;
    return (await this.#refreshOnce(false)).token;
  }

  /** Fetches now, even if the cached token is fresh. */
  async refresh(): Promise<CachedToken> {
    return this.#refreshOnce(true);
  }

  #refreshOnce(force: boolean): Promise<CachedToken> {
    this.#inflight ??= this.#refresh(force).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Forgets `token` (the platform said it is invalid) unless someone already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.#memo?.token === token) this.#memo = undefined;
    const shared = await this.#read();
    if (shared?.token === token) await this.#o.store.delete(this.#o.key);
  }

  async #read(): Promise<CachedToken | undefined> {
    const raw = await this.#o.store.get(this.#o.key);
    if (!raw) return undefined;
    try {
      const t = JSON.parse(raw) as CachedToken;
      return typeof t.token === 'string' && typeof t.expiresAt === 'number' && typeof t.obtainedAt === 'number' ? t : undefined;
    } catch {
      return undefined;
    }
  }

  async #refresh(force: boolean): Promise<CachedToken> {
    const lockKey = `${this.#o.key}:lock`;
    const deadline = this.#o.now() + this.#o.lockMs * 2;
    const seen = force ? await this.#read() : undefined;
    for (;;) {
      const shared = await this.#read();
      // Forced: a token another instance obtained after we started counts as the refresh.
      const replaced = force ? shared !== undefined && (seen === undefined || shared.obtainedAt > seen.obtainedAt) : this.#fresh(shared);
      if (replaced && shared) return (this.#memo = shared);
      const owner = newLockOwner();
      if (await this.#o.store.setIfAbsent(lockKey, owner, this.#o.lockMs)) {
        try {
          // Someone may have refreshed between our read and our lock.
          const again = await this.#read();
          if (!force && this.#fresh(again)) return (this.#memo = again);
          const started = this.#o.now();
          this.fetches += 1;
          const got = await this.#fetch();
          if (!(got.lifetimeMs > 0)) throw new RobotwireError('invalid_field', 'the token answer has no positive lifetime');
          // Counted from when the request left (local clock): safe against latency and skew.
          const t: CachedToken = { token: got.token, expiresAt: started + got.lifetimeMs, obtainedAt: started };
          await this.#o.store.set(this.#o.key, JSON.stringify(t), Math.max(1, t.expiresAt - this.#o.now()));
          this.#o.logger?.debug?.('access token obtained', { key: this.#o.key, lifetimeMs: got.lifetimeMs });
          return (this.#memo = t);
        } finally {
          // Only our own lock: past lockMs another instance may hold it now.
          await releaseOwned(this.#o.store, lockKey, owner);
        }
      }
      // Another instance is refreshing: wait for its token instead of asking the platform too.
      // A holder that died leaves a lock that expires after lockMs; past twice that, give up.
      if (this.#o.now() > deadline) throw new RobotwireError('token_refresh_timeout', 'timed out waiting for another instance to refresh the access token');
      await sleep(50);
    }
  }
}
