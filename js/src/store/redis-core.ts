// What every Redis-backed store shares, whatever carries its commands: ioredis over TCP
// (`RedisStore`, Node) or the Upstash REST protocol over fetch (`UpstashStore`, any runtime).
// Keys, TTLs, the lock script and the rate scripts (./redis-rate.ts, the Lua port of
// src/jdme/ratelimit/algorithms.rs) are the same, so Node instances and edge functions pointed
// at one Redis share one set of eventIds, tokens and quotas. No `node:` import here.
import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey, RateDenial, RateDecideOptions } from './types.js';
import { RATE_SCRIPT, SETTLE_SCRIPT, limiterArgs, msArg } from './redis-rate.js';
import { RobotwireError } from '../core/errors.js';
import { uuid } from '../core/ids.js';

/**
 * What a Redis-backed store needs from a client: ioredis' generic `call` (an ioredis `Redis` or
 * `Cluster` instance fits). Replies as ioredis gives them: bulk strings as strings, integers
 * as numbers, arrays as arrays, error replies as rejections.
 */
export interface RedisClientLike {
  /** Sends one Redis command (`GET`, `SET`, `DEL`, `EVALSHA`, `EVAL`) and resolves to its reply. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** Closes the connection; called by `RedisStore.close()` only for a client it created from `url`. */
  quit?(): Promise<unknown>;
}

/** Options every Redis-backed store takes (`RedisStoreOptions`, `UpstashStoreOptions`). */
export interface RedisKeyOptions {
  /**
   * Prepended to every key this store reads or writes. Default none: robotwire's own keys already
   * start with `robotwire:` (webhook eventIds, tokens, rate state). On Redis Cluster,
   * put a hash tag in it (`{robotwire}:`): the keys of one `rateDecide` must share a slot.
   * Stores that share state must use the same prefix.
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
   * `RobotwireError` `store_timeout` (the command may still run later); a failed one with
   * `store_unavailable`, the driver's error as its `cause`.
   */
  commandTimeoutMs?: number;
}

/** 2^53 − 1: every integer up to here is exact in a double (a JS number, a Lua number). */
const MAX = Number.MAX_SAFE_INTEGER;

/** Lock release: delete only while the key still holds the owner's token. */
const DELETE_IF_EQUALS_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A KV TTL for PX: whole ms, at least 1 (MemoryStore treats a fraction as "until then"). */
function pxOf(ttlMs: number, what: string): number | undefined {
  if (typeof ttlMs !== 'number' || Number.isNaN(ttlMs)) throw new RangeError(`${what} must be a number of milliseconds`);
  if (ttlMs === Infinity) return undefined;
  return Math.min(MAX, Math.max(1, Math.ceil(ttlMs)));
}

/** A script's SHA-1 (hex) with WebCrypto, or undefined where there is none (then EVAL is used). */
export async function webSha1(script: string): Promise<string | undefined> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-1', new TextEncoder().encode(script)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const NOSCRIPT = /\bNOSCRIPT\b/;

/**
 * `KeyValueStore` and `RateLimitStore` over Redis commands, with the semantics of
 * `MemoryStore`. Subclasses say how a command travels (`connection`), how a script is hashed
 * (`sha1`) and what an error message may show (`scrub`).
 */
export abstract class RedisCommandStore implements KeyValueStore, RateLimitStore {
  readonly #prefix: string;
  readonly #margin: number;
  readonly #timeoutMs: number;
  /** Each script's SHA-1 once known (then EVALSHA goes out in the caller's tick), or the pending hash. */
  readonly #shas = new Map<string, string | undefined | Promise<string | undefined>>();

  protected constructor(
    options: RedisKeyOptions,
    /** Names the backend in error messages (`Redis`, `Upstash`). */
    private readonly backend: string,
  ) {
    this.#prefix = options.keyPrefix ?? '';
    if (typeof this.#prefix !== 'string') throw new TypeError('keyPrefix must be a string');
    this.#margin = options.expiryMarginMs ?? 0;
    if (!Number.isSafeInteger(this.#margin) || this.#margin < 0) throw new RangeError('expiryMarginMs must be a non-negative integer');
    this.#timeoutMs = options.commandTimeoutMs ?? 1_000;
    if (!(this.#timeoutMs > 0) || !Number.isFinite(this.#timeoutMs)) throw new RangeError('commandTimeoutMs must be a positive number');
  }

  /** The client commands go through (created on first use by stores that own it). */
  protected abstract connection(): Promise<RedisClientLike>;

  /** The SHA-1 of a script for EVALSHA; undefined sends EVAL every time. */
  protected sha1(script: string): Promise<string | undefined> {
    return webSha1(script);
  }

  /** What of a driver's error message may be shown (never a command's arguments). */
  protected scrub(message: string): string {
    return message;
  }

  /**
   * A typed error for what a call threw: the script's own `ROBOTWIRE <code> <message>` replies
   * keep their code, anything else (connection refused, closed, an error reply) is
   * `store_unavailable` with the driver's error as `cause`.
   */
  #error(command: string, e: unknown): RobotwireError {
    if (e instanceof RobotwireError) return e;
    const raw = e instanceof Error ? e.message : String(e);
    const msg = this.scrub(raw);
    const m = /\bROBOTWIRE (\w+) ([\s\S]*)$/.exec(msg);
    if (m) return new RobotwireError(m[1]!, m[2]!);
    // A scrubbed message gets a scrubbed cause too: the driver's error keeps what was cut.
    const cause = msg === raw ? e : Object.assign(new Error(msg), { name: e instanceof Error ? e.name : 'Error' });
    return new RobotwireError('store_unavailable', `${this.backend} ${command} failed: ${msg.slice(0, 200)}`, { cause });
  }

  /** One command within the time budget, errors typed (`store_timeout`, `store_unavailable`). */
  async #call(command: string, ...args: (string | number)[]): Promise<unknown> {
    const work = this.connection().then((r) => r.call(command, ...args));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RobotwireError('store_timeout', `${this.backend} did not answer ${command} within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    work.catch(() => undefined); // settles after the timeout at the latest; nobody else awaits it
    try {
      return await Promise.race([work, late]);
    } catch (e) {
      // NOSCRIPT is not a failure: #eval sends the script itself next.
      if (e instanceof Error && !(e instanceof RobotwireError) && NOSCRIPT.test(e.message)) throw new NoScript();
      throw this.#error(command, e);
    } finally {
      clearTimeout(timer);
    }
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
   * `nowMs` is the caller's clock, as for the Rust engine (the state records absolute times).
   * With several instances, their clocks are compared through the shared state: an instance
   * whose clock runs δ ms ahead of the others can send up to δ ms early (a lagging one just
   * waits longer), so the shared limit holds to within the clock skew. Keep instances on NTP
   * (skew of a few ms against 1 s windows); `expiryMarginMs` covers the other consequence,
   * states expiring before a lagging instance is done with them.
   */
  async rateDecide(keys: readonly PlannedKey[], nowMs: number, options?: RateDecideOptions): Promise<StoreRateDecision> {
    const now = msArg(nowMs, 'nowMs');
    if (keys.length === 0) return { allowed: true, retryAfterMs: 0, denied: [] };
    const args = [now, String(this.#margin), options?.commit === false ? '0' : '1', uuid(), ...limiterArgs(keys)];
    const reply = (await this.#eval(RATE_SCRIPT, keys.map((k) => this.#prefix + k.key), args)) as unknown[];
    if (Number(reply[0]) === 1) return { allowed: true, retryAfterMs: 0, denied: [] };
    const denied: RateDenial[] = [];
    for (let i = 1; i + 1 < reply.length; i += 2) {
      const k = keys[Number(reply[i]) - 1]!;
      denied.push({ rule: k.rule, key: k.key, retryAfterMs: Number(reply[i + 1]), platformCode: k.platformCode });
    }
    return { allowed: false, retryAfterMs: Math.max(...denied.map((d) => d.retryAfterMs)), denied };
  }

  /** Moves the request recorded at `sentAtMs` to `doneAtMs` on every key, in one Lua script. */
  async rateSettle(keys: readonly PlannedKey[], sentAtMs: number, doneAtMs: number): Promise<void> {
    const args = [msArg(sentAtMs, 'sentAtMs'), msArg(doneAtMs, 'doneAtMs'), String(this.#margin), uuid(), ...limiterArgs(keys)];
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
    const flat = (await this.#call('ZRANGE', k, 0, -1, 'WITHSCORES')) as unknown[];
    const log: number[] = [];
    for (let i = 1; i < flat.length; i += 2) log.push(Number(flat[i]));
    return JSON.stringify({ log });
  }

  /** EVALSHA; on NOSCRIPT (first use, SCRIPT FLUSH, a fresh replica) EVAL, which caches it. */
  async #eval(script: string, keys: string[], args: string[]): Promise<unknown> {
    let hash = this.#shas.get(script);
    if (!this.#shas.has(script)) {
      const pending = this.sha1(script).catch(() => undefined);
      this.#shas.set(script, pending);
      pending.then((h) => this.#shas.set(script, h));
      hash = pending;
    }
    // Awaited only while the first hash is computed: afterwards the command is queued in the
    // caller's tick, as with a synchronous hash (a lock release right before a process closes
    // its connection still goes out).
    if (hash instanceof Promise) hash = await hash;
    if (hash !== undefined) {
      try {
        return await this.#call('EVALSHA', hash, keys.length, ...keys, ...args);
      } catch (e) {
        if (!(e instanceof NoScript)) throw e;
      }
    }
    return this.#call('EVAL', script, keys.length, ...keys, ...args);
  }
}

/** The server does not have the script yet (EVALSHA): send it with EVAL. */
class NoScript extends Error {}
