// RedisStore: the store for several instances behind a load balancer. Tokens, webhook eventIds,
// quotas and duplicate windows live in one Redis, so N instances share the platform's limits
// instead of exceeding them N times over. Node only (exported by js/src/entries/node.ts):
// ioredis is imported lazily, and only when the store is created from a `url`.
//
// Everything but the connection is ./redis-core.ts, shared with UpstashStore (edge runtimes):
// rate decisions run as ONE Lua script per request (`RATE_SCRIPT`, and `SETTLE_SCRIPT` when the
// answer is in; EVALSHA with a fallback to EVAL), the port of src/jdme/ratelimit/algorithms.rs
// in ./redis-rate.ts, checked against the same vectors and, differentially, against
// MemoryStore (which runs the Rust engine): tests/redis/.
import { createHash } from 'node:crypto';
import { RedisCommandStore } from './redis-core.js';
import type { RedisClientLike, RedisKeyOptions } from './redis-core.js';
import { importOptional } from '../core/optional.js';
import type { Logger } from '../core/logger.js';

export type { RedisClientLike } from './redis-core.js';

/** Options of `RedisStore`: exactly one of `client` or `url` (the constructor throws otherwise). */
export interface RedisStoreOptions extends RedisKeyOptions {
  /** An ioredis instance (`new Redis(...)`); stays yours: `close()` does not quit it. */
  client?: RedisClientLike;
  /** Or a `redis://` / `rediss://` URL: the store creates (and `close()` quits) an ioredis client. */
  url?: string;
  /** Where connection errors of a client created from `url` are logged (at most one line per 10 s). */
  logger?: Logger;
}

/**
 * `KeyValueStore` and `RateLimitStore` on Redis (through ioredis), with the semantics of
 * `MemoryStore`, shared by every instance that points at the same Redis and `keyPrefix`.
 *
 * ```ts
 * import Redis from 'ioredis';
 * const store = new RedisStore({ client: new Redis(process.env.REDIS_URL) });
 * ```
 */
export class RedisStore extends RedisCommandStore {
  readonly #url: string | undefined;
  readonly #logger: Logger | undefined;
  #lastLoggedAt = -Infinity;
  #client: RedisClientLike | Promise<RedisClientLike> | undefined;
  #owned = false;

  constructor(options: RedisStoreOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('RedisStore needs { client } or { url }');
    super(options, 'Redis');
    const { client, url } = options;
    if ((client === undefined) === (url === undefined)) throw new TypeError('RedisStore needs exactly one of { client } (an ioredis instance) or { url }');
    if (client !== undefined && (client === null || typeof (client as RedisClientLike).call !== 'function')) {
      throw new TypeError('client must be an ioredis instance (it needs .call)');
    }
    if (url !== undefined && (typeof url !== 'string' || url.length === 0)) throw new TypeError('url must be a non-empty string');
    this.#client = client;
    this.#url = url;
    this.#logger = options.logger;
  }

  /** node:crypto hashes synchronously (Node 18 has no global WebCrypto). */
  protected override async sha1(script: string): Promise<string> {
    return createHash('sha1').update(script).digest('hex');
  }

  /** The client, creating it from `url` on first use (ioredis is imported only then). */
  protected async connection(): Promise<RedisClientLike> {
    if (this.#client === undefined) {
      const url = this.#url as string;
      this.#owned = true;
      this.#client = importOptional<typeof import('ioredis')>('ioredis', 'RedisStore({ url })').then(
        (m) => {
          type Client = RedisClientLike & { on?(event: 'error', listener: (e: Error) => void): unknown };
          const mod = m as unknown as { Redis?: new (url: string, options: object) => Client; default?: unknown };
          const Ctor = (mod.Redis ?? (mod.default as { Redis?: unknown } | undefined)?.Redis ?? mod.default) as new (url: string, options: object) => Client;
          // One retry per command after a reconnect (not ioredis' 20): with commandTimeoutMs the
          // caller has given up long before anyway.
          const c = new Ctor(url, { maxRetriesPerRequest: 1 });
          // Without a listener ioredis prints "[ioredis] Unhandled error event" on every
          // reconnect attempt; the failures reach callers as store errors, the log gets a line.
          c.on?.('error', (e: Error) => {
            const now = Date.now();
            if (now - this.#lastLoggedAt < 10_000) return;
            this.#lastLoggedAt = now;
            this.#logger?.warn?.('RedisStore: connection error', { error: e?.message?.slice(0, 200) });
          });
          this.#client = c;
          return c;
        },
        (e: unknown) => {
          this.#client = undefined; // let a later call try again
          this.#owned = false;
          throw e;
        },
      );
    }
    return this.#client;
  }

  /** Quits the connection if this store created it from `url`; a client passed in stays open. */
  async close(): Promise<void> {
    if (!this.#owned || this.#client === undefined) return;
    const c = await this.#client;
    this.#client = undefined;
    this.#owned = false;
    await c.quit?.();
  }
}
