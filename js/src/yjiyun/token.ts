// The 2.1 access token: cached for `expireMinutes`, renewed early (calling 2.1 inside the
// lifetime extends the token, so renewing early costs nothing), shared through a
// `KeyValueStore` so several instances use one token, and refreshed by one caller at a time
// (in process: one shared promise; across processes: a lock key in the store). The token never
// reaches a log line or an error.
import type { KeyValueStore } from '../store/types.js';
import type { Logger } from '../core/logger.js';
import { RobotwireError } from '../core/errors.js';

export interface YjiyunCachedToken {
  token: string;
  /** Epoch ms (local clock) after which the token must not be used. */
  expiresAt: number;
  /** Epoch ms (local clock) when it was obtained or last extended. */
  obtainedAt: number;
}

export interface YjiyunTokenCacheOptions {
  store: KeyValueStore;
  key: string;
  /** Renew when less than this remains. Default: a fifth of the lifetime, at most 10 minutes. */
  renewBeforeMs?: number;
  /** How long one refresher may hold the cross-process lock. Default 15 s. */
  lockMs?: number;
  now: () => number;
  logger?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fetches a token from 2.1: its text and lifetime in minutes. */
export type YjiyunTokenFetch = () => Promise<{ token: string; expireMinutes: number }>;

export class YjiyunTokenCache {
  readonly #fetch: YjiyunTokenFetch;
  readonly #o: YjiyunTokenCacheOptions & { lockMs: number };
  #memo: YjiyunCachedToken | undefined;
  #inflight: Promise<YjiyunCachedToken> | undefined;
  /** Number of 2.1 calls this process made (tests assert "one refresh"). */
  fetches = 0;

  constructor(fetch: YjiyunTokenFetch, options: YjiyunTokenCacheOptions) {
    this.#fetch = fetch;
    this.#o = { lockMs: 15_000, ...options };
  }

  #renewBefore(t: YjiyunCachedToken): number {
    if (this.#o.renewBeforeMs !== undefined) return this.#o.renewBeforeMs;
    return Math.min(600_000, Math.max(0, t.expiresAt - t.obtainedAt) / 5);
  }

  #fresh(t: YjiyunCachedToken | undefined): t is YjiyunCachedToken {
    return t !== undefined && t.expiresAt - this.#o.now() > this.#renewBefore(t);
  }

  /** The cached token without any I/O (undefined when none is known in this process). */
  peek(): YjiyunCachedToken | undefined {
    return this.#memo ? { ...this.#memo } : undefined;
  }

  /** When the cached token should be renewed (epoch ms), or undefined. */
  renewAt(): number | undefined {
    return this.#memo ? this.#memo.expiresAt - this.#renewBefore(this.#memo) : undefined;
  }

  /** A token with more than the renewal margin left; re-authenticates if needed. */
  async get(): Promise<string> {
    if (this.#fresh(this.#memo)) return this.#memo.token;
    return (await this.#refreshOnce(false)).token;
  }

  /** Re-authenticates now (extends the token), even if the cached one is fresh. */
  async refresh(): Promise<YjiyunCachedToken> {
    return this.#refreshOnce(true);
  }

  #refreshOnce(force: boolean): Promise<YjiyunCachedToken> {
    this.#inflight ??= this.#refresh(force).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Forgets `token` (after a 1000) unless someone already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.#memo?.token === token) this.#memo = undefined;
    const shared = await this.#read();
    if (shared?.token === token) await this.#o.store.delete(this.#o.key);
  }

  async #read(): Promise<YjiyunCachedToken | undefined> {
    const raw = await this.#o.store.get(this.#o.key);
    if (!raw) return undefined;
    try {
      const t = JSON.parse(raw) as YjiyunCachedToken;
      return typeof t.token === 'string' && typeof t.expiresAt === 'number' && typeof t.obtainedAt === 'number' ? t : undefined;
    } catch {
      return undefined;
    }
  }

  async #refresh(force: boolean): Promise<YjiyunCachedToken> {
    const lockKey = `${this.#o.key}:lock`;
    const deadline = this.#o.now() + this.#o.lockMs * 2;
    const seen = force ? await this.#read() : undefined;
    for (;;) {
      const shared = await this.#read();
      // Forced: a token another instance obtained after we started counts as the refresh.
      const replaced = force ? shared !== undefined && (seen === undefined || shared.obtainedAt > seen.obtainedAt) : this.#fresh(shared);
      if (replaced && shared) return (this.#memo = shared);
      if (await this.#o.store.setIfAbsent(lockKey, String(this.#o.now()), this.#o.lockMs)) {
        try {
          const again = await this.#read();
          if (!force && this.#fresh(again)) return (this.#memo = again);
          const started = this.#o.now();
          this.fetches += 1;
          const got = await this.#fetch();
          if (!(got.expireMinutes > 0)) throw new RobotwireError('invalid_field', 'client/auth answered without a positive expireMinutes');
          // Counted from when the request left (local clock): safe against clock skew and latency.
          const t: YjiyunCachedToken = { token: got.token, expiresAt: started + got.expireMinutes * 60_000, obtainedAt: started };
          await this.#o.store.set(this.#o.key, JSON.stringify(t), Math.max(1, t.expiresAt - this.#o.now()));
          this.#o.logger?.debug?.('yjiyun token obtained', { expireMinutes: got.expireMinutes, sameAsBefore: again?.token === got.token });
          return (this.#memo = t);
        } finally {
          await this.#o.store.delete(lockKey);
        }
      }
      // Another instance is refreshing: wait for its token instead of asking the platform too.
      // A holder that died leaves a lock that expires after lockMs; past twice that, give up.
      if (this.#o.now() > deadline) throw new RobotwireError('token_refresh_timeout', 'timed out waiting for another instance to refresh the yjiyun token');
      await sleep(50);
    }
  }
}
