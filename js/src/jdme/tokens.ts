// appAccessToken → teamAccessToken, cached with their expireIn, shared through the store so
// several instances use one token, refreshed by one caller at a time (in process: a shared
// promise; across processes: a lock key in the store), renewed inside the platform's
// "< 10 minutes left" window (seed 鉴权管理: a call with less than 10 minutes left returns a new
// token and both stay valid, so renewing early is free). Tokens never reach a log line.
import type { KeyValueStore } from '../store/types.js';
import type { Logger } from '../core/logger.js';

export interface CachedToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface TokenSource {
  /** Fetches a fresh token from the platform. */
  fetch(): Promise<{ token: string; expireIn: number }>;
}

export interface TokenCacheOptions {
  store: KeyValueStore;
  key: string;
  /** Renew when less than this many ms remain. Default 10 minutes (the platform's window). */
  renewBeforeMs?: number;
  /** How long one refresher may hold the cross-process lock. Default 15 s. */
  lockMs?: number;
  now?: () => number;
  logger?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TokenCache {
  readonly #o: Required<Omit<TokenCacheOptions, 'logger'>> & { logger?: Logger };
  #memo: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  /** Fetches made by this process (tests assert "one token request"). */
  fetches = 0;

  constructor(
    private readonly source: TokenSource,
    options: TokenCacheOptions,
  ) {
    this.#o = { renewBeforeMs: 600_000, lockMs: 15_000, now: Date.now, ...options };
  }

  #fresh(t: CachedToken | undefined): t is CachedToken {
    return t !== undefined && t.expiresAt - this.#o.now() > this.#o.renewBeforeMs;
  }

  /** A token with more than the renewal margin left; fetches one if needed. */
  async get(): Promise<string> {
    if (this.#fresh(this.#memo)) return this.#memo.token;
    this.#inflight ??= this.#refresh().finally(() => {
      this.#inflight = undefined;
    });
    return (await this.#inflight).token;
  }

  /** Drops the cached token (after 99990000/99990001) unless someone already replaced it. */
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
      return typeof t.token === 'string' && typeof t.expiresAt === 'number' ? t : undefined;
    } catch {
      return undefined;
    }
  }

  async #refresh(): Promise<CachedToken> {
    const lockKey = `${this.#o.key}:lock`;
    const deadline = this.#o.now() + this.#o.lockMs * 2;
    for (;;) {
      const shared = await this.#read();
      if (this.#fresh(shared)) return (this.#memo = shared);
      if (await this.#o.store.setIfAbsent(lockKey, String(this.#o.now()), this.#o.lockMs)) {
        try {
          // Someone may have refreshed between our read and our lock.
          const again = await this.#read();
          if (this.#fresh(again)) return (this.#memo = again);
          this.fetches += 1;
          const got = await this.source.fetch();
          const t: CachedToken = { token: got.token, expiresAt: this.#o.now() + got.expireIn * 1000 };
          const ttl = Math.max(1, t.expiresAt - this.#o.now());
          await this.#o.store.set(this.#o.key, JSON.stringify(t), ttl);
          this.#o.logger?.debug?.('jdme token refreshed', { key: this.#o.key, expireIn: got.expireIn });
          return (this.#memo = t);
        } finally {
          await this.#o.store.delete(lockKey);
        }
      }
      // Another instance is refreshing: wait for its token rather than asking the platform too.
      // A holder that died leaves a lock that expires after lockMs; past twice that, give up.
      if (this.#o.now() > deadline) throw new Error('timed out waiting for another instance to refresh the access token');
      await sleep(50);
    }
  }
}
