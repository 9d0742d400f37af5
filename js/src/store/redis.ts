// RedisStore: the store for several instances behind a load balancer. Tokens, webhook eventIds,
// quotas and duplicate windows live in one Redis, so N instances share the platform's limits
// instead of exceeding them N times over. Node only (exported by js/src/entries/node.ts):
// ioredis is imported lazily, and only when the store is created from a `url`.
//
// Rate decisions run as ONE Lua script per request (`RATE_SCRIPT`, and `SETTLE_SCRIPT` when the
// answer is in; EVALSHA with a fallback to EVAL), the port of src/jdme/ratelimit/algorithms.rs
// in ./redis-rate.ts, checked against the same vectors and, differentially, against
// MemoryStore (which runs the Rust engine): tests/redis/.
import { createHash } from 'node:crypto';
import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey, RateDenial, RateDecideOptions } from './types.js';
import { RATE_SCRIPT, SETTLE_SCRIPT, limiterArgs, msArg } from './redis-rate.js';
import { RobotwireError } from '../core/errors.js';
import { importOptional } from '../core/optional.js';
import type { Logger } from '../core/logger.js';
import { uuid } from '../core/ids.js';

/**
 * What RedisStore needs from a client: ioredis' generic `call` (an ioredis `Redis` or
 * `Cluster` instance fits). Replies as ioredis gives them: bulk strings as strings, integers
 * as numbers, arrays as arrays, error replies as rejections.
 */
export interface RedisClientLike {
  /** Sends one Redis command (`GET`, `SET`, `DEL`, `EVALSHA`, `EVAL`) and resolves to its reply. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** Closes the connection; called by `RedisStore.close()` only for a client it created from `url`. */
  quit?(): Promise<unknown>;
}

/** Options of `RedisStore`: exactly one of `client` or `url` (the constructor throws otherwise). */
export interface RedisStoreOptions {
  /** An ioredis instance (`new Redis(...)`); stays yours: `close()` does not quit it. */
  client?: RedisClientLike;
  /** Or a `redis://` / `rediss://` URL: the store creates (and `close()` quits) an ioredis client. */
  url?: string;
  /**
   * Prepended to every key this store reads or writes. Default none: robotwire's own keys already
   * start with `robotwire:` (webhook eventIds, tokens, rate state). On Redis Cluster,
   * put a hash tag in it (`{robotwire}:`): the keys of one `rateDecide` must share a slot.
   */
  keyPrefix?: string;
  /**
   * Extra milliseconds every rate state is kept beyond the engine's TTL. Default 0 (exactly
   * what MemoryStore keeps). A state past its TTL decides like a fresh one for any caller whose
   * clock is not behind the writer's; an instance whose clock lags by δ still needs it for δ ms
   * more, so set this to your worst clock skew to keep such an instance from reading "fresh".
   */
  expiryMarginMs?: number;
  /**
   * Budget of one store call, in ms. Default 1000: the webhook makes at most two calls before
   * it answers, well inside the platform's 5 s deadline. A call past it rejects with
   * `RobotwireError` `store_timeout` (the command may still run later: ioredis queues it);
   * a failed one with `store_unavailable`, the driver's error as its `cause`.
   */
  commandTimeoutMs?: number;
  /** Where connection errors of a client created from `url` are logged (at most one line per 10 s). */
  logger?: Logger;
}

/** 2^53 − 1: every integer up to here is exact in a double (a JS number, a Lua number). */
const MAX = Number.MAX_SAFE_INTEGER;

/** A member for a sliding log's sorted set: unique to one record of one request. */
const memberToken = uuid;

/** Lock release: delete only while the key still holds the owner's token. */
const DELETE_IF_EQUALS_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const shas = new Map<string, string>();
const shaOf = (script: string) => {
  let sha = shas.get(script);
  if (sha === undefined) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
  return sha;
};

function invalid(message: string): RobotwireError {
  return new RobotwireError('invalid_argument', message);
}

/** A KV TTL for PX: whole ms, at least 1 (MemoryStore treats a fraction as "until then"). */
function pxOf(ttlMs: number, what: string): number | undefined {
  if (typeof ttlMs !== 'number' || Number.isNaN(ttlMs)) throw new RangeError(`${what} must be a number of milliseconds`);
  if (ttlMs === Infinity) return undefined;
  return Math.min(MAX, Math.max(1, Math.ceil(ttlMs)));
}

/**
 * A typed error for what a Redis call threw: the script's own `ROBOTWIRE <code> <message>`
 * replies keep their code, anything else (connection refused, closed, an error reply) is
 * `store_unavailable` with the driver's error as `cause`.
 */
function storeError(command: string, e: unknown): RobotwireError {
  if (e instanceof RobotwireError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const m = /^ROBOTWIRE (\w+) ([\s\S]*)$/.exec(msg);
  if (m) return new RobotwireError(m[1]!, m[2]!);
  return new RobotwireError('store_unavailable', `Redis ${command} failed: ${msg.slice(0, 200)}`, { cause: e });
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
export class RedisStore implements KeyValueStore, RateLimitStore {
  readonly #prefix: string;
  readonly #margin: number;
  readonly #url: string | undefined;
  readonly #timeoutMs: number;
  readonly #logger: Logger | undefined;
  #lastLoggedAt = -Infinity;
  #client: RedisClientLike | Promise<RedisClientLike> | undefined;
  #owned = false;

  constructor(options: RedisStoreOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('RedisStore needs { client } or { url }');
    const { client, url } = options;
    if ((client === undefined) === (url === undefined)) throw new TypeError('RedisStore needs exactly one of { client } (an ioredis instance) or { url }');
    if (client !== undefined && (client === null || typeof (client as RedisClientLike).call !== 'function')) {
      throw new TypeError('client must be an ioredis instance (it needs .call)');
    }
    if (url !== undefined && (typeof url !== 'string' || url.length === 0)) throw new TypeError('url must be a non-empty string');
    this.#client = client;
    this.#url = url;
    this.#prefix = options.keyPrefix ?? '';
    if (typeof this.#prefix !== 'string') throw new TypeError('keyPrefix must be a string');
    this.#margin = options.expiryMarginMs ?? 0;
    if (!Number.isSafeInteger(this.#margin) || this.#margin < 0) throw new RangeError('expiryMarginMs must be a non-negative integer');
    this.#timeoutMs = options.commandTimeoutMs ?? 1_000;
    if (!(this.#timeoutMs > 0) || !Number.isFinite(this.#timeoutMs)) throw new RangeError('commandTimeoutMs must be a positive number');
    this.#logger = options.logger;
  }

  /** One command within the time budget, errors typed (`store_timeout`, `store_unavailable`). */
  async #call(command: string, ...args: (string | number)[]): Promise<unknown> {
    const work = this.#redis().then((r) => r.call(command, ...args));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RobotwireError('store_timeout', `Redis did not answer ${command} within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    work.catch(() => undefined); // settles after the timeout at the latest; nobody else awaits it
    try {
      return await Promise.race([work, late]);
    } catch (e) {
      // NOSCRIPT is not a failure: #eval sends the script itself next.
      if (e instanceof Error && e.message.startsWith('NOSCRIPT')) throw e;
      throw storeError(command, e);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The client, creating it from `url` on first use (ioredis is imported only then). */
  async #redis(): Promise<RedisClientLike> {
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

  async get(key: string): Promise<string | null> {
    const v = await this.#call('GET', this.#prefix + key);
    return v === null || v === undefined ? null : String(v);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const px = ttlMs === undefined ? undefined : pxOf(ttlMs, 'ttlMs');
    if (px === undefined) await this.#call('SET', this.#prefix + key, value);
    else await this.#call('SET', this.#prefix + key, value, 'PX', px);
  }

  /** `SET key value NX PX ttl`: atomic across every instance. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const px = pxOf(ttlMs, 'ttlMs');
    const reply = px === undefined
      ? await this.#call('SET', this.#prefix + key, value, 'NX')
      : await this.#call('SET', this.#prefix + key, value, 'NX', 'PX', px);
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.#call('DEL', this.#prefix + key);
  }

  /** One Lua script (GET, compare, DEL): atomic across every instance. */
  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return Number(await this.#eval(DELETE_IF_EQUALS_SCRIPT, [this.#prefix + key], [value])) === 1;
  }

  /**
   * All-or-nothing decision over `keys`, in one Lua script: nothing else touches these keys
   * between reading and writing their states, on any instance.
   *
   * `nowMs` is the caller's clock, as for the Rust engine (the state records absolute times). With several instances, their clocks are compared through the shared
   * state: an instance whose clock runs δ ms ahead of the others can send up to δ ms early
   * (a lagging one just waits longer), so the shared limit holds to within the clock skew.
   * Keep instances on NTP (skew of a few ms against 1 s windows); `expiryMarginMs`
   * covers the other consequence, states expiring before a lagging instance is done with them.
   */
  async rateDecide(keys: readonly PlannedKey[], nowMs: number, options?: RateDecideOptions): Promise<StoreRateDecision> {
    const now = msArg(nowMs, 'nowMs');
    if (keys.length === 0) return { allowed: true, retryAfterMs: 0, denied: [] };
    const args = [now, String(this.#margin), options?.commit === false ? '0' : '1', memberToken(), ...limiterArgs(keys)];
    const reply = (await this.#eval(RATE_SCRIPT, keys.map((k) => this.#prefix + k.key), args)) as number[];
    if (reply[0] === 1) return { allowed: true, retryAfterMs: 0, denied: [] };
    const denied: RateDenial[] = [];
    for (let i = 1; i + 1 < reply.length; i += 2) {
      const k = keys[Number(reply[i]) - 1]!;
      denied.push({ rule: k.rule, key: k.key, retryAfterMs: Number(reply[i + 1]), platformCode: k.platformCode });
    }
    return { allowed: false, retryAfterMs: Math.max(...denied.map((d) => d.retryAfterMs)), denied };
  }

  /** Moves the request recorded at `sentAtMs` to `doneAtMs` on every key, in one Lua script. */
  async rateSettle(keys: readonly PlannedKey[], sentAtMs: number, doneAtMs: number): Promise<void> {
    const args = [msArg(sentAtMs, 'sentAtMs'), msArg(doneAtMs, 'doneAtMs'), String(this.#margin), memberToken(), ...limiterArgs(keys)];
    if (keys.length === 0) return;
    await this.#eval(SETTLE_SCRIPT, keys.map((k) => this.#prefix + k.key), args);
  }

  /**
   * The JSON text of a limiter key's state as MemoryStore would show it (`{log}` from the
   * sorted set, the stored text otherwise), or null.
   * @internal For tests.
   */
  async rateState(key: string): Promise<string | null> {
    const k = this.#prefix + key;
    const type = String(await this.#call('TYPE', k));
    if (type === 'none') return null;
    if (type !== 'zset') return (await this.#call('GET', k)) as string | null;
    const flat = (await this.#call('ZRANGE', k, 0, -1, 'WITHSCORES')) as string[];
    const log: number[] = [];
    for (let i = 1; i < flat.length; i += 2) log.push(Number(flat[i]));
    return JSON.stringify({ log });
  }

  /** EVALSHA; on NOSCRIPT (first use, SCRIPT FLUSH, a fresh replica) EVAL, which caches it. */
  async #eval(script: string, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.#call('EVALSHA', shaOf(script), keys.length, ...keys, ...args);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
    }
    return this.#call('EVAL', script, keys.length, ...keys, ...args);
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
