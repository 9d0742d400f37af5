// The rate engine's Redis twin: src/jdme/ratelimit/algorithms.rs as two Lua scripts (decide,
// settle), checked against the same vectors (tests/fixtures/jdme/ratelimit_vectors.json) and,
// differentially, against MemoryStore. A script runs alone, so a decision over all of a
// request's keys is atomic across every instance sharing the Redis.
//
// Storage: a sliding log is a sorted set (score = the time of a recorded request, member = a
// token unique to that record); windows `{window, prev, curr}` and duplicates `{last}` are
// strings, the JSON text MemoryStore would hold. Every number is an integer in [0, 2^53 − 1]
// (checked), where Lua's doubles are exact; the sliding window's products reach 2^106 and are
// computed as six base-2^24 limbs (see `mul`).
import type { PlannedKey } from './types.js';
import { RobotwireError } from '../core/errors.js';

const COMMON = String.raw`
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
local function int(s, what)
  local x = tonumber(s)
  if x == nil or x < 0 or x > MAX or x ~= math.floor(x) or #s > 16 then
    fail('invalid_argument', what .. ' must be an integer in [0, 2^53 - 1]')
  end
  return x
end
local function fmt(x) return string.format('%.0f', x) end

-- Parameters of limiter i (ARGV[base + 4(i − 1) …]: algorithm, limit, windowMs, offsetMs).
local ALGS = { log = true, window = true, duplicate = true }
local function params(base, i)
  local o = base + 4 * (i - 1)
  local alg = ARGV[o]
  if not ALGS[alg] then fail('invalid_argument', 'rate limit: unknown algorithm') end
  local L, W, off = int(ARGV[o + 1], 'limit'), int(ARGV[o + 2], 'windowMs'), int(ARGV[o + 3], 'offsetMs')
  if L < 1 or W < 1 or (alg == 'duplicate' and L ~= 1) or (alg == 'log' and L > 1000000) then
    fail('invalid_argument', 'rate limit: invalid parameters')
  end
  return alg, L, W, off
end

-- The stored kind must match the algorithm: a mismatch is an error, never a silent reset.
local function kind(key, alg)
  local t = redis.call('TYPE', key)
  t = t.ok or t
  if t == 'none' then return nil end
  if (alg == 'log' and t ~= 'zset') or (alg ~= 'log' and t ~= 'string') then
    fail('invalid_argument', 'rate limit: stored state does not match the algorithm')
  end
  return t
end

-- Sliding log: entries t with now − W < t are inside the window at now.
local function lower(now, W)
  if now < W then return '-inf' end
  return '(' .. fmt(now - W)
end
local function prune(key, now, W)
  if now >= W then redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(now - W)) end
end
local function newest(key)
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  return tonumber(top[2])
end
-- The log's TTL at t (an entry at t is in it): newest + W − t, summed as (newest − t) + W so
-- that it stays exact when newest + W is beyond 2^53 and the TTL is not (saturated above).
local function log_ttl(key, t, W)
  return add_sat(math.max(newest(key), t) - t, W)
end

local SHAPES = {
  window = '^{"window":(%d+),"prev":(%d+),"curr":(%d+)}$',
  duplicate = '^{"last":(%d+)}$',
}
local function load_state(alg, raw)
  if not raw then return nil end
  local a, b, c = string.match(raw, SHAPES[alg])
  if a == nil then fail('invalid_argument', 'rate limit: stored state does not match the algorithm') end
  if alg == 'window' then
    return { int(a, 'stored window'), int(b, 'stored prev'), int(c, 'stored curr') }
  end
  return int(a, 'stored state')
end

local function run(f)
  local ok, res = pcall(f)
  if not ok then
    if type(res) == 'table' and res.rw then return redis.error_reply('ROBOTWIRE ' .. res.rw) end
    error(res)
  end
  return res
end
`;

/**
 * KEYS[i]: limiter i's state key. ARGV[1]: nowMs. ARGV[2]: expiry margin (ms). ARGV[3]: '1' to
 * record when allowed, '0' to only ask. ARGV[4]: a token unique to this request (the log's
 * member). ARGV[5 + 4(i − 1) …]: algorithm, limit, windowMs, offsetMs of limiter i.
 * Reply: `{1}` when allowed (recorded on every key if asked to), else
 * `{0, i, retryAfterMs, …}` per refusing limiter (nothing written).
 */
export const RATE_SCRIPT =
  COMMON +
  String.raw`
-- Exact wide integers for the sliding window: six little-endian base-2^24 limbs (up to 2^144).
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

local function log(key, L, W, now)
  local lo = lower(now, W)
  local n = redis.call('ZCOUNT', key, lo, '+inf')
  if n < L then return true, 0 end
  -- The window holds L − 1 once the (n − L)-th entry inside has left, W after it.
  local pivot = tonumber(redis.call('ZRANGEBYSCORE', key, lo, '+inf', 'WITHSCORES', 'LIMIT', n - L, 1)[2])
  -- pivot + W − now without the sum pivot + W, which passes 2^53 long before the wait does
  -- (W longer than now, times near 2^53): refused only when the wait itself is beyond it.
  local r
  if pivot >= now then r = add(pivot - now, W, 'retryAfterMs') else r = W - (now - pivot) end
  if r < 1 then r = 1 end
  return false, r
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
    local json = '{"window":' .. fmt(idx) .. ',"prev":' .. fmt(prev) .. ',"curr":' .. fmt(curr + 1) .. '}'
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
  return true, 0, '{"last":' .. fmt(now) .. '}', add_sat(W, 1)
end

return run(function()
  local now = int(ARGV[1], 'nowMs')
  local margin = int(ARGV[2], 'expiryMarginMs')
  local commit = ARGV[3] == '1'
  local member = ARGV[4]
  local writes, denied = {}, {}
  for i = 1, #KEYS do
    local alg, L, W, off = params(5, i)
    kind(KEYS[i], alg)
    local ok, retry, json, ttl
    if alg == 'log' then
      ok, retry = log(KEYS[i], L, W, now)
    else
      local st = load_state(alg, redis.call('GET', KEYS[i]))
      if alg == 'window' then
        ok, retry, json, ttl = window(L, W, off, st, now)
      else
        ok, retry, json, ttl = duplicate(W, st, now)
      end
    end
    if ok then
      writes[#writes + 1] = { KEYS[i], alg, W, json, ttl }
    else
      denied[#denied + 1] = i
      denied[#denied + 1] = retry
    end
  end
  if #denied > 0 then
    local reply = { 0 }
    for k = 1, #denied do reply[k + 1] = denied[k] end
    return reply
  end
  if not commit then return { 1 } end
  for k = 1, #writes do
    local w = writes[k]
    if w[2] == 'log' then
      prune(w[1], now, w[3])
      redis.call('ZADD', w[1], fmt(now), member)
      redis.call('PEXPIRE', w[1], fmt(math.max(1, add_sat(log_ttl(w[1], now, w[3]), margin))))
    else
      redis.call('SET', w[1], w[4], 'PX', fmt(math.max(1, add_sat(w[5], margin))))
    end
  end
  return { 1 }
end)
`;

/**
 * KEYS[i]: limiter i's state key. ARGV[1]: sentMs. ARGV[2]: doneMs. ARGV[3]: expiry margin.
 * ARGV[4]: a fresh member token. ARGV[5 + 4(i − 1) …]: the limiter's parameters. Moves the
 * request recorded at sentMs to doneMs on every key (see `settle` in algorithms.rs).
 */
export const SETTLE_SCRIPT =
  COMMON +
  String.raw`
return run(function()
  local sent = int(ARGV[1], 'sentMs')
  local done = int(ARGV[2], 'doneMs')
  local margin = int(ARGV[3], 'expiryMarginMs')
  local member = ARGV[4]
  if done <= sent then return 0 end
  -- Every key is checked before any is written: an error leaves all of them as they were
  -- (Redis does not roll back what a failing script already wrote).
  local todo = {}
  for i = 1, #KEYS do
    local alg, L, W = params(5, i)
    kind(KEYS[i], alg)
    local st
    if alg ~= 'log' then st = load_state(alg, redis.call('GET', KEYS[i])) end
    todo[i] = { alg, W, st }
  end
  for i = 1, #KEYS do
    local alg, W, st = todo[i][1], todo[i][2], todo[i][3]
    if alg == 'log' then
      local old = redis.call('ZRANGEBYSCORE', KEYS[i], fmt(sent), fmt(sent), 'LIMIT', 0, 1)
      if old[1] then redis.call('ZREM', KEYS[i], old[1]) end
      prune(KEYS[i], done, W)
      redis.call('ZADD', KEYS[i], fmt(done), member)
      redis.call('PEXPIRE', KEYS[i], fmt(math.max(1, add_sat(log_ttl(KEYS[i], done, W), margin))))
    elseif alg == 'duplicate' and st == sent and done - sent <= W then
      -- Only while the state is live (its TTL, W + 1 after last, has not passed at done):
      -- past it the state equals a fresh one, which settle leaves alone, and the key may only
      -- still be here because of expiryMarginMs.
      redis.call('SET', KEYS[i], '{"last":' .. fmt(done) .. '}', 'PX', fmt(math.max(1, add_sat(add_sat(W, 1), margin))))
    end
  end
  return 1
end)
`;

function invalid(message: string): RobotwireError {
  return new RobotwireError('invalid_argument', message);
}

/** A rate parameter as the Lua scripts take it: an integer in [0, 2^53 − 1], in decimal. */
function intArg(v: unknown, dflt: number | undefined, what: string): string {
  const x = v === undefined ? dflt : v;
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
    throw invalid(`params: ${what} must be an integer in [0, 2^53 - 1] for RedisStore`);
  }
  return String(x);
}

/** The scripts' per-limiter arguments, checked as the engine's `Params::validate` checks them. */
export function limiterArgs(keys: readonly PlannedKey[]): string[] {
  const args: string[] = [];
  for (const k of keys) {
    if (k.algorithm !== 'log' && k.algorithm !== 'window' && k.algorithm !== 'duplicate') {
      throw invalid('params: algorithm must be log, window or duplicate');
    }
    const limit = intArg(k.limit, undefined, 'limit');
    const windowMs = intArg(k.windowMs, undefined, 'windowMs');
    const offsetMs = intArg(k.offsetMs, 0, 'offsetMs');
    if (limit === '0' || windowMs === '0') throw invalid('rate limit: limit and windowMs must be at least 1');
    if (k.algorithm === 'duplicate' && limit !== '1') throw invalid('rate limit: the duplicate algorithm allows exactly 1 per window');
    if (k.algorithm === 'log' && Number(limit) > 1_000_000) throw invalid('rate limit: a sliding log holds at most 1000000 requests');
    args.push(k.algorithm, limit, windowMs, offsetMs);
  }
  return args;
}

/** Checks a time argument (epoch ms) before it reaches a script. */
export function msArg(v: unknown, what: string): string {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw invalid(`${what} must be a non-negative integer number of milliseconds`);
  return String(v);
}
