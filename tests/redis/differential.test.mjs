// Randomized differential tests: RedisStore (the Lua port) against MemoryStore (the Rust
// engine). Seeded; set ROBOTWIRE_SEED to replay a failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore, RedisStore } from 'robotwire';
import { startRedis, plannedKey, rng } from './helpers.mjs';

const SEED = Number(process.env.ROBOTWIRE_SEED ?? Date.now() % 2 ** 31);
const MAX = Number.MAX_SAFE_INTEGER;

let redis;
let client;
before(async () => {
  redis = await startRedis();
  client = redis.client();
});
after(async () => {
  await redis?.stop();
});

/** Both calls, as { ok, value } or { ok: false, code }. */
async function both(fr, fm) {
  const run = async (f) => {
    try {
      return { ok: true, value: await f() };
    } catch (e) {
      return { ok: false, code: e.code ?? String(e) };
    }
  };
  return [await run(fr), await run(fm)];
}

function randomParams(R) {
  const alg = R.pick(['gcra', 'gcra', 'gcra', 'window', 'window', 'duplicate']);
  const windowMs = R.pick([1, 2, 7, 100, 1000, 1000, 1000, 60_000, 1_800_000, 3_600_000, 86_400_000, R.int(1, 10_000_000)]);
  if (alg === 'duplicate') return { algorithm: alg, limit: 1, windowMs, burst: 1, offsetMs: 0 };
  const limit = R.pick([1, 2, 3, 5, 20, 50, 100, 1000, 100_000, R.int(1, 5000)]);
  const burst = R.pick([1, 1, 1, limit, R.int(1, limit)]);
  const offsetMs = alg === 'window' ? R.pick([0, 0, 28_800_000 % (windowMs + 1), R.int(0, windowMs * 2)]) : 0;
  return { algorithm: alg, limit, windowMs, burst, offsetMs };
}

test(`2000 random steps through both stores: identical decisions and states (seed ${SEED})`, async () => {
  const R = rng(SEED);
  // Nothing expires during the run: MemoryStore's clock is frozen, Redis keeps states a day
  // longer, so the comparison is of the algorithms alone, with time free to jump back.
  const rs = new RedisStore({ client, keyPrefix: `diff${SEED}:`, expiryMarginMs: 86_400_000 });
  const ms = new MemoryStore({ now: () => 0, maxEntries: 100_000 });
  // 24 limiter keys, each bound to its own random parameters.
  const limiters = Array.from({ length: 24 }, (_, i) => plannedKey(`k${i}`, randomParams(R), `rule.${i}`, 1000 + i));
  let now = 1_700_000_000_000 + R.int(0, 86_400_000);
  const counts = { allowed: 0, denied: 0, multiDenied: 0, back: 0 };
  for (let step = 0; step < 2000; step++) {
    // Time: mostly small moves (same ms, a few ms, about one interval), sometimes a jump,
    // now and then backwards (a client whose clock is behind).
    const move = R.next();
    if (move < 0.25) now += 0;
    else if (move < 0.6) now += R.int(1, 20);
    else if (move < 0.85) now += R.int(20, 1500);
    else if (move < 0.95) now += R.pick([59_999, 60_000, 3_600_000, 3_600_001, 86_400_000, R.int(1, 200_000_000)]);
    else {
      now -= R.int(1, 5000);
      counts.back++;
    }
    const n = R.pick([1, 1, 2, 3, 4]);
    const picked = new Set();
    while (picked.size < n) picked.add(R.int(0, limiters.length - 1));
    const keys = [...picked].map((i) => limiters[i]);
    const [r, m] = await both(() => rs.rateDecide(keys, now), () => ms.rateDecide(keys, now));
    assert.deepEqual(r, m, `step ${step} at ${now}: ${JSON.stringify(keys)}`);
    assert.ok(r.ok, `step ${step}: no error expected`);
    if (r.value.allowed) counts.allowed++;
    else {
      counts.denied++;
      if (r.value.denied.length > 1) counts.multiDenied++;
    }
    for (const k of keys) assert.equal(await rs.get(k.key), await ms.get(k.key), `step ${step}: state of ${k.key}`);
  }
  // The run exercised both outcomes (not a run where everything passes or nothing does).
  assert.ok(counts.allowed > 200 && counts.denied > 200, JSON.stringify(counts));
});

/** Any number in a decision or a stored state beyond 2^53 − 1 (MemoryStore rounds those). */
const beyond = (v) => JSON.stringify(v, (_, x) => (typeof x === 'number' && x > MAX ? 'BEYOND' : x)).includes('BEYOND');

function magnitude(R) {
  return R.pick([
    () => R.int(0, 10),
    () => R.int(0, 100_000),
    () => R.int(1_600_000_000_000, 1_800_000_000_000),
    () => R.int(2 ** 30, 2 ** 45),
    () => R.int(2 ** 45, 2 ** 52),
    () => MAX - R.int(0, 1000),
    () => MAX,
  ])();
}

test(`4000 single decisions over the whole safe-integer range, states injected (seed ${SEED})`, async () => {
  const R = rng(SEED ^ 0x5bd1e995);
  const rs = new RedisStore({ client, keyPrefix: `wide${SEED}:`, expiryMarginMs: 86_400_000 });
  const ms = new MemoryStore({ now: () => 0, maxEntries: 100_000 });
  const seen = { same: 0, refused: 0, allowed: 0, denied: 0 };
  for (let i = 0; i < 4000; i++) {
    const algorithm = R.pick(['gcra', 'window', 'window', 'duplicate']);
    const windowMs = Math.max(1, magnitude(R));
    const limit = algorithm === 'duplicate' ? 1 : Math.max(1, magnitude(R));
    const burst = algorithm === 'gcra' ? R.pick([1, limit, Math.max(1, Math.min(limit, magnitude(R)))]) : 1;
    const offsetMs = algorithm === 'window' ? R.pick([0, R.int(0, windowMs), magnitude(R)]) : 0;
    const now = magnitude(R);
    const key = `w${i}`;
    const pk = plannedKey(key, { algorithm, limit, windowMs, burst, offsetMs });
    let state = null;
    if (R.chance(0.85)) {
      if (algorithm === 'gcra') state = { tat: R.chance(0.5) ? Math.min(MAX, now + R.int(0, 2 * windowMs > MAX ? MAX : 2 * windowMs)) : magnitude(R) };
      else if (algorithm === 'duplicate') state = { last: R.chance(0.6) ? Math.max(0, now - R.int(0, Math.min(MAX, windowMs + 2))) : magnitude(R) };
      else {
        // A window index near now's (same, previous, older, later), or anything.
        const idx = Math.floor((now + offsetMs) / windowMs);
        const near = now + offsetMs <= MAX ? Math.max(0, idx + R.pick([0, 0, -1, -2, 1])) : magnitude(R);
        const c = R.pick([() => R.int(0, 3), () => Math.max(0, limit - R.int(0, 2)), () => R.int(0, limit), () => magnitude(R)]);
        state = { window: R.chance(0.9) ? near : magnitude(R), prev: c(), curr: c() };
      }
      await rs.set(key, JSON.stringify(state));
      await ms.set(key, JSON.stringify(state));
    }
    const [r, m] = await both(() => rs.rateDecide([pk], now), () => ms.rateDecide([pk], now));
    const mState = await ms.get(key);
    const where = `#${i} ${JSON.stringify({ pk, now, state })}`;
    if (r.ok) {
      assert.ok(m.ok, where);
      assert.deepEqual(r.value, m.value, where);
      assert.equal(await rs.get(key), mState, where);
      seen.same++;
      seen[r.value.allowed ? 'allowed' : 'denied']++;
    } else {
      // Refused only where the engine's arithmetic leaves the safe range: a result beyond it
      // (which MemoryStore can only hold rounded), or `now + offset` / `window·W` beyond it.
      assert.equal(r.code, 'invalid_argument', where);
      const sumBeyond = algorithm === 'window' && (BigInt(now) + BigInt(offsetMs) > BigInt(MAX) || (state && BigInt(state.window) * BigInt(windowMs) > BigInt(MAX)));
      assert.ok(!m.ok || beyond(m.value) || beyond(JSON.parse(mState ?? 'null')) || sumBeyond, `${where}: Redis refused, Rust gave ${JSON.stringify(m)}`);
      seen.refused++;
      // Nothing was written.
      assert.equal(await rs.get(key), state === null ? null : JSON.stringify(state), where);
    }
    if (m.ok && (beyond(m.value) || beyond(JSON.parse(mState ?? 'null')))) assert.ok(!r.ok, `${where}: a value beyond 2^53 − 1 must be refused`);
  }
  assert.ok(seen.same > 2500 && seen.allowed > 500 && seen.denied > 500 && seen.refused > 50, JSON.stringify(seen));
});

test('errors are the same in both stores, and nothing is written', async () => {
  const rs = new RedisStore({ client, keyPrefix: 'err:' });
  const ms = new MemoryStore();
  const good = plannedKey('a', { algorithm: 'gcra', limit: 5, windowMs: 1000 });
  const cases = [
    [plannedKey('b', { algorithm: 'gcra', limit: 0, windowMs: 1000 })],
    [plannedKey('b', { algorithm: 'gcra', limit: 5, windowMs: 0 })],
    [plannedKey('b', { algorithm: 'gcra', limit: 5, windowMs: 1000, burst: 6 })],
    [plannedKey('b', { algorithm: 'gcra', limit: 5, windowMs: 1000, burst: 0 })],
    [plannedKey('b', { algorithm: 'duplicate', limit: 2, windowMs: 1000 })],
    [plannedKey('b', { algorithm: 'gcra', limit: 1.5, windowMs: 1000 })],
    [plannedKey('b', { algorithm: 'gcra', limit: -1, windowMs: 1000 })],
    [plannedKey('b', { algorithm: 'leaky', limit: 1, windowMs: 1000 })],
  ];
  for (const keys of cases) {
    const [r, m] = await both(() => rs.rateDecide([good, ...keys], 1000), () => ms.rateDecide([good, ...keys], 1000));
    assert.equal(r.ok, false, JSON.stringify(keys));
    assert.deepEqual(r, m, JSON.stringify(keys));
  }
  for (const now of [-1, 1.5, NaN, 2 ** 53]) {
    const [r, m] = await both(() => rs.rateDecide([good], now), () => ms.rateDecide([good], now));
    assert.deepEqual(r, { ok: false, code: 'invalid_argument' }, String(now));
    assert.deepEqual(r, m, String(now));
  }
  // A stored state of another algorithm's shape: invalid_argument from both. Text that is not
  // JSON at all: MemoryStore's JSON.parse throws a SyntaxError, RedisStore invalid_argument.
  for (const raw of ['{"last":5}', '{"tat":5,"x":1}', 'not json']) {
    await rs.set('s', raw);
    await ms.set('s', raw);
    const s = plannedKey('s', { algorithm: 'gcra', limit: 5, windowMs: 1000 });
    const [r, m] = await both(() => rs.rateDecide([good, s], 1000), () => ms.rateDecide([good, s], 1000));
    assert.deepEqual(r, { ok: false, code: 'invalid_argument' }, raw);
    assert.equal(m.ok, false, raw);
    if (raw !== 'not json') assert.deepEqual(r, m, raw);
    assert.equal(await rs.get('s'), raw);
    assert.equal(await ms.get('s'), raw);
  }
  assert.equal(await rs.get('a'), null, 'the valid key was not written by the failed requests');
  assert.equal(await ms.get('a'), null);
});
