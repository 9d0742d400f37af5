// RedisStore: the store for several instances behind a load balancer. Tokens, webhook eventIds,
// quotas and duplicate windows live in one Redis, so N instances share the platform's limits
// instead of exceeding them N times over. Node only (exported by js/src/entries/node.ts):
// ioredis is imported lazily, and only when the store is created from a `url`.
//
// Rate decisions run as ONE Lua script (`RATE_SCRIPT`, EVALSHA with a fallback to EVAL), a port
// of src/jdme/ratelimit.rs checked against the same vectors and, differentially, against
// MemoryStore (which runs the Rust engine): tests/redis/.
//
// State encoding: each limiter key holds the same JSON text MemoryStore keeps, byte for byte:
// `{"tat":N}`, `{"window":N,"prev":N,"curr":N}` or `{"last":N}` (decimal integers), with a PX
// expiry of the engine's TTL. The script writes and parses exactly that shape.
import { createHash } from 'node:crypto';
import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey, RateDenial } from './types.js';
import { RobotwireError } from '../core/errors.js';
import { importOptional } from '../core/optional.js';
import type { Logger } from '../core/logger.js';

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

/**
 * The rate decision, atomic in Redis (a script runs alone). Same arithmetic as
 * src/jdme/ratelimit.rs, in Lua numbers (doubles), exact because:
 *
 * - every input (nowMs, parameters, stored state) is an integer in [0, 2^53 − 1], checked;
 * - sums go through `add`, which refuses (error `invalid_argument`) a result above 2^53 − 1
 *   instead of rounding it; only TTLs, mere expiry hints, saturate (as Rust's do);
 * - floor division uses `fmod`, which is exact in IEEE arithmetic, and then divides the exact
 *   multiple `a − r`, whose quotient is an integer ≤ 2^53 − 1 and hence exact too;
 * - GCRA's tolerance `(b − 1)·T` is compared against 2^53 − 1 by division before multiplying:
 *   beyond it, it exceeds every tat, which is all `tat − τ` (saturating) needs;
 * - the sliding window's products `prev·(W − elapsed)`, `(curr + 1)·W`, `L·W`, `(L − 1)·W`
 *   reach 2^106 (a day window is ~2^26.4 ms, limits may be up to 2^53): they are computed
 *   exactly as six base-2^24 limbs (every partial product < 2^48, every column sum < 2^51),
 *   compared limb by limb, and the two quotients `⌊(L−1)·W / curr⌋`, `⌊(L−curr−1)·W / prev⌋`
 *   (both capped at W) are a float estimate corrected by exact limb products (the estimate is
 *   within a few units; the loop is bounded).
 * So wherever the engine's results (and `nowMs + offsetMs`) stay at most 2^53 − 1 (timestamps
 * until the year 287396), the script's answers are identical to it; past that RedisStore
 * reports an error where MemoryStore, going through JS numbers, would store a rounded value.
 * The 2^53 edge has its own vectors in tests/redis/vectors.test.mjs (each one a naive double
 * port gets wrong).
 *
 * KEYS[i]: limiter i's state key. ARGV[1]: nowMs. ARGV[2]: expiry margin (ms).
 * ARGV[3 + 5(i − 1) …]: algorithm, limit, windowMs, burst, offsetMs of limiter i.
 * Reply: `{1}` when allowed (all states written), else `{0, i, retryAfterMs, …}` per refusing
 * limiter (nothing written). Errors: `ROBOTWIRE <code> <message>`.
 */
export const RATE_SCRIPT = String.raw`
local MAX = 9007199254740991
local B = 16777216

local function fail(code, msg) error({ rw = code .. ' ' .. msg }, 0) end

local function add(a, b, what)
  if a > MAX - b then fail('invalid_argument', 'rate limit: ' .. what .. ' exceeds 2^53 - 1') end
  return a + b
end
local function add_sat(a, b)
  if a > MAX - b then return MAX end
  return a + b
end
local function divmod(a, d)
  local r = math.fmod(a, d)
  return (a - r) / d, r
end
local function div_ceil(a, d)
  local q, r = divmod(a, d)
  if r > 0 then q = q + 1 end
  return q
end

-- Exact wide integers: six little-endian base-2^24 limbs (up to 2^144).
local function limbs(x)
  local l0 = math.fmod(x, B); x = (x - l0) / B
  local l1 = math.fmod(x, B); x = (x - l1) / B
  return { l0, l1, x }
end
local function mul(a, b)
  local x, y = limbs(a), limbs(b)
  local r = { 0, 0, 0, 0, 0, 0 }
  for i = 1, 3 do
    for j = 1, 3 do r[i + j - 1] = r[i + j - 1] + x[i] * y[j] end
  end
  local c = 0
  for k = 1, 6 do
    local v = r[k] + c
    local lo = math.fmod(v, B)
    r[k] = lo; c = (v - lo) / B
  end
  return r
end
local function wadd(x, y)
  local r, c = {}, 0
  for k = 1, 6 do
    local v = x[k] + y[k] + c
    local lo = math.fmod(v, B)
    r[k] = lo; c = (v - lo) / B
  end
  return r
end
local function wcmp(x, y)
  for k = 6, 1, -1 do
    if x[k] ~= y[k] then
      if x[k] < y[k] then return -1 end
      return 1
    end
  end
  return 0
end
local function approx(x)
  local v = 0
  for k = 6, 1, -1 do v = v * B + x[k] end
  return v
end
-- min(floor(n / d), cap) for a wide n, 1 <= d <= MAX, 0 <= cap <= MAX.
local function wdiv_min(n, d, cap)
  if wcmp(n, mul(cap, d)) >= 0 then return cap end
  -- Now floor(n / d) < cap: estimate, then correct with exact products.
  local q = math.floor(approx(n) / d)
  if q > cap - 1 then q = cap - 1 end
  if q < 0 then q = 0 end
  for _ = 1, 64 do
    if wcmp(mul(q, d), n) > 0 then
      q = q - 1
    elseif wcmp(mul(q + 1, d), n) <= 0 then
      q = q + 1
    else
      return q
    end
  end
  fail('internal', 'rate limit: division did not converge')
end

local function gcra(L, W, b, tat, now)
  local T = div_ceil(W, L - b + 1)
  -- tat.saturating_sub((b - 1)·T): a tolerance above MAX exceeds every tat.
  local earliest = 0
  if b == 1 then
    earliest = tat
  else
    local fits = divmod(MAX, b - 1)
    if T <= fits then
      local tau = (b - 1) * T
      if tat > tau then earliest = tat - tau end
    end
  end
  if earliest <= now then
    local tat2 = add(math.max(tat, now), T, 'tat')
    return true, 0, '{"tat":' .. string.format('%.0f', tat2) .. '}', tat2 - now
  end
  return false, earliest - now
end

local function window(L, W, off, st, now)
  local function idx_of(t) return divmod(add(t, off, 'nowMs + offsetMs'), W) end
  local eff = now
  if st and idx_of(now) < st[1] then
    -- The clock went back into an earlier window: evaluate at the start of the stored one.
    if st[1] > divmod(MAX, W) then fail('invalid_argument', 'rate limit: stored window exceeds 2^53 - 1 ms') end
    local start = st[1] * W
    if start > off then start = start - off else start = 0 end
    if start > now then eff = start end
  end
  local shift = eff - now
  local idx, elapsed = idx_of(eff)
  local prev, curr = 0, 0
  if st then
    if idx <= st[1] then
      prev, curr = st[2], st[3]
    elseif idx == st[1] + 1 then
      prev, curr = st[3], 0
    end
  end
  local rem = W - elapsed
  if wcmp(wadd(mul(prev, rem), mul(curr + 1, W)), mul(L, W)) <= 0 then
    local json = '{"window":' .. string.format('%.0f', idx) .. ',"prev":' .. string.format('%.0f', prev)
      .. ',"curr":' .. string.format('%.0f', curr + 1) .. '}'
    return true, 0, json, add_sat(add_sat(shift, rem), W)
  end
  local retry
  if curr + 1 > L then
    -- Wait for the next window, where prev' = curr and curr' = 0.
    local keep = wdiv_min(mul(L - 1, W), math.max(curr, 1), W)
    retry = add(rem, W - keep, 'retryAfterMs')
  else
    local keep = wdiv_min(mul(L - curr - 1, W), math.max(prev, 1), W)
    retry = W - keep - elapsed
    if retry < 1 then retry = 1 end
  end
  return false, add(shift, retry, 'retryAfterMs')
end

local function duplicate(W, last, now)
  if last ~= nil and (now < last or now - last <= W) then
    if now < last then return false, add(add(last - now, W, 'retryAfterMs'), 1, 'retryAfterMs') end
    return false, add(W - (now - last), 1, 'retryAfterMs')
  end
  return true, 0, '{"last":' .. string.format('%.0f', now) .. '}', add_sat(W, 1)
end

local SHAPES = {
  gcra = '^{"tat":(%d+)}$',
  window = '^{"window":(%d+),"prev":(%d+),"curr":(%d+)}$',
  duplicate = '^{"last":(%d+)}$',
}
local function int(s, what)
  local x = tonumber(s)
  if x == nil or x < 0 or x > MAX or x ~= math.floor(x) or #s > 16 then
    fail('invalid_argument', what .. ' must be an integer in [0, 2^53 - 1]')
  end
  return x
end
local function load_state(alg, raw)
  if not raw then return nil end
  local a, b, c = string.match(raw, SHAPES[alg])
  if a == nil then fail('invalid_argument', 'rate limit: stored state does not match the algorithm') end
  if alg == 'window' then
    return { int(a, 'stored window'), int(b, 'stored prev'), int(c, 'stored curr') }
  end
  return int(a, 'stored state')
end

local function decide_all()
  local now = int(ARGV[1], 'nowMs')
  local margin = int(ARGV[2], 'expiryMarginMs')
  local writes, denied = {}, {}
  for i = 1, #KEYS do
    local o = 3 + 5 * (i - 1)
    local alg = ARGV[o]
    if SHAPES[alg] == nil then fail('invalid_argument', 'rate limit: unknown algorithm') end
    local L, W, b, off = int(ARGV[o + 1], 'limit'), int(ARGV[o + 2], 'windowMs'), int(ARGV[o + 3], 'burst'), int(ARGV[o + 4], 'offsetMs')
    if L < 1 or W < 1 or b < 1 or b > L or (alg == 'duplicate' and L ~= 1) then
      fail('invalid_argument', 'rate limit: invalid parameters')
    end
    local st = load_state(alg, redis.call('GET', KEYS[i]))
    local ok, retry, json, ttl
    if alg == 'gcra' then
      ok, retry, json, ttl = gcra(L, W, b, st or 0, now)
    elseif alg == 'window' then
      ok, retry, json, ttl = window(L, W, off, st, now)
    else
      ok, retry, json, ttl = duplicate(W, st, now)
    end
    if ok then
      writes[#writes + 1] = { KEYS[i], json, math.max(1, add_sat(ttl, margin)) }
    else
      denied[#denied + 1] = i
      denied[#denied + 1] = retry
    end
  end
  return writes, denied
end

local ok, writes, denied = pcall(decide_all)
if not ok then
  if type(writes) == 'table' and writes.rw then return redis.error_reply('ROBOTWIRE ' .. writes.rw) end
  error(writes)
end
if #denied > 0 then
  local reply = { 0 }
  for k = 1, #denied do reply[k + 1] = denied[k] end
  return reply
end
for k = 1, #writes do
  local w = writes[k]
  redis.call('SET', w[1], w[2], 'PX', string.format('%.0f', w[3]))
end
return { 1 }
`;

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

/** A rate parameter as the Lua script takes it: an integer in [0, 2^53 − 1], in decimal. */
function intArg(v: unknown, dflt: number | undefined, what: string): string {
  const x = v === undefined ? dflt : v;
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
    throw invalid(`params: ${what} must be an integer in [0, 2^53 - 1] for RedisStore`);
  }
  return String(x);
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
   * `nowMs` is the caller's clock, as for the Rust engine (the state records absolute times,
   * e.g. GCRA's tat). With several instances, their clocks are compared through the shared
   * state: an instance whose clock runs δ ms ahead of the others can send up to δ ms early
   * (a lagging one just waits longer), so the shared limit holds to within the clock skew.
   * Keep instances on NTP (skew of a few ms against 50–200 ms intervals); `expiryMarginMs`
   * covers the other consequence, states expiring before a lagging instance is done with them.
   */
  async rateDecide(keys: readonly PlannedKey[], nowMs: number): Promise<StoreRateDecision> {
    if (typeof nowMs !== 'number' || !Number.isSafeInteger(nowMs) || nowMs < 0) {
      throw invalid('nowMs must be a non-negative integer number of milliseconds');
    }
    if (keys.length === 0) return { allowed: true, retryAfterMs: 0, denied: [] };
    const redisKeys: string[] = [];
    const args: string[] = [String(nowMs), String(this.#margin)];
    for (const k of keys) {
      if (k.algorithm !== 'gcra' && k.algorithm !== 'window' && k.algorithm !== 'duplicate') {
        throw invalid('params: algorithm must be gcra, window or duplicate');
      }
      const limit = intArg(k.limit, undefined, 'limit');
      const windowMs = intArg(k.windowMs, undefined, 'windowMs');
      const burst = intArg(k.burst, 1, 'burst');
      const offsetMs = intArg(k.offsetMs, 0, 'offsetMs');
      // The engine's own checks (Params::validate), with its messages.
      if (limit === '0' || windowMs === '0') throw invalid('rate limit: limit and windowMs must be at least 1');
      if (burst === '0' || Number(burst) > Number(limit)) throw invalid('rate limit: burst must be between 1 and limit');
      if (k.algorithm === 'duplicate' && limit !== '1') throw invalid('rate limit: the duplicate algorithm allows exactly 1 per window');
      redisKeys.push(this.#prefix + k.key);
      args.push(k.algorithm, limit, windowMs, burst, offsetMs);
    }
    const reply = (await this.#eval(RATE_SCRIPT, redisKeys, args)) as number[];
    if (reply[0] === 1) return { allowed: true, retryAfterMs: 0, denied: [] };
    const denied: RateDenial[] = [];
    for (let i = 1; i + 1 < reply.length; i += 2) {
      const k = keys[Number(reply[i]) - 1]!;
      denied.push({ rule: k.rule, key: k.key, retryAfterMs: Number(reply[i + 1]), platformCode: k.platformCode });
    }
    return { allowed: false, retryAfterMs: Math.max(...denied.map((d) => d.retryAfterMs)), denied };
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
